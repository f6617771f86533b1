using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Scheduler;
using Tidings.Scheduler.Monitoring;
using Tidings.Tasks;
using Tidings.Tasks.Monitoring;

namespace Tidings.Logging;

/// <summary>
/// With <c>--log-format json</c>, writes one execution line per task attempt and per job run (under the category
/// <see cref="ExecutionLogEntry.Category"/>), as Cloud Logging would show them. Subscribed from start to stop. Each
/// engine is resolved only if watched: a cluster node watches the engines it runs.
/// </summary>
internal sealed class ExecutionLogWriter(IServiceProvider services, TimeProvider time, ILoggerFactory loggers) : IHostedService
{
    private static readonly EventId ExecutionEvent = new(20, "Execution");

    private readonly ILogger _logger = loggers.CreateLogger(ExecutionLogEntry.Category);

    /// <summary>Whether Cloud Tasks' attempts are written; default true.</summary>
    public bool WatchTasks { get; init; } = true;

    /// <summary>Whether Cloud Scheduler's runs are written; default true.</summary>
    public bool WatchScheduler { get; init; } = true;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (WatchTasks)
        {
            services.GetRequiredService<CloudTasksEngine>().AttemptFinished += OnTaskAttempt;
        }
        if (WatchScheduler)
        {
            services.GetRequiredService<SchedulerEngine>().AttemptFinished += OnJobAttempt;
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (WatchTasks)
        {
            services.GetRequiredService<CloudTasksEngine>().AttemptFinished -= OnTaskAttempt;
        }
        if (WatchScheduler)
        {
            services.GetRequiredService<SchedulerEngine>().AttemptFinished -= OnJobAttempt;
        }
        return Task.CompletedTask;
    }

    private void OnTaskAttempt(TaskAttemptRecord attempt) => Write(TaskAttemptLogEntry.Create(attempt, time.GetUtcNow()));

    private void OnJobAttempt(JobAttemptRecord attempt) => Write(JobAttemptLogEntry.Create(attempt, time.GetUtcNow()));

    private void Write(ExecutionLogEntry entry) =>
        _logger.Log(entry.Level, ExecutionEvent, entry, exception: null, static (state, _) => state.Json);
}
