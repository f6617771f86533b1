using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Scheduler;
using Tidings.Scheduler.Monitoring;
using Tidings.Tasks;
using Tidings.Tasks.Monitoring;

namespace Tidings.Logging;

/// <summary>
/// With <c>--log-format json</c>, writes one execution line per task attempt and per job run (under the category
/// <see cref="ExecutionLogEntry.Category"/>), as Cloud Logging would show them. Subscribed from start to stop.
/// </summary>
internal sealed class ExecutionLogWriter(CloudTasksEngine tasks, SchedulerEngine scheduler, TimeProvider time, ILoggerFactory loggers) : IHostedService
{
    private static readonly EventId ExecutionEvent = new(20, "Execution");

    private readonly ILogger _logger = loggers.CreateLogger(ExecutionLogEntry.Category);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        tasks.AttemptFinished += OnTaskAttempt;
        scheduler.AttemptFinished += OnJobAttempt;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        tasks.AttemptFinished -= OnTaskAttempt;
        scheduler.AttemptFinished -= OnJobAttempt;
        return Task.CompletedTask;
    }

    private void OnTaskAttempt(TaskAttemptRecord attempt) => Write(TaskAttemptLogEntry.Create(attempt, time.GetUtcNow()));

    private void OnJobAttempt(JobAttemptRecord attempt) => Write(JobAttemptLogEntry.Create(attempt, time.GetUtcNow()));

    private void Write(ExecutionLogEntry entry) =>
        _logger.Log(entry.Level, ExecutionEvent, entry, exception: null, static (state, _) => state.Json);
}
