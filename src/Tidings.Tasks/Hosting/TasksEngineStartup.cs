using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Kernel.Hosting;

namespace Tidings.Tasks.Hosting;

/// <summary>
/// Opens the Cloud Tasks engine when the host starts: its queues are read back, a queue deletion a stop interrupted is
/// finished, and every queue's dispatcher starts (first making due the tasks whose dispatch the last run did not
/// finish), before the server listens. Stores that cannot be read (storage failures are IOExceptions) stop start-up with <see cref="EngineOpenException"/>.
/// The container disposes the engine at shutdown, which stops the dispatchers.
/// </summary>
internal sealed partial class TasksEngineStartup(IServiceProvider services, ILogger<TasksEngineStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        CloudTasksEngine engine;
        try
        {
            engine = services.GetRequiredService<CloudTasksEngine>();
            await engine.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            throw new EngineOpenException("Cloud Tasks", exception);
        }
        var options = engine.Options;
        LogOpened(logger, engine.QueueCount, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, options.AppEngineBaseUrl,
            options.DispatchLease, options.TombstoneCleanupInterval);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Cloud Tasks engine opened in {ElapsedMs} ms: {QueueCount} queues. Settings: AppEngineBaseUrl={AppEngineBaseUrl} DispatchLease={DispatchLease} TombstoneCleanupInterval={TombstoneCleanupInterval}")]
    private static partial void LogOpened(ILogger logger, int queueCount, long elapsedMs, Uri appEngineBaseUrl, TimeSpan dispatchLease,
        TimeSpan tombstoneCleanupInterval);
}
