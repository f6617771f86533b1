using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Kernel.Hosting;

namespace Tidings.Scheduler.Hosting;

/// <summary>
/// Opens the Cloud Scheduler engine when the host starts: its jobs are read back, attempts cut short by the last
/// stop closed and missed runs handled, and its timer loop started, before the server listens. Stored jobs that
/// cannot be read stop start-up with <see cref="EngineOpenException"/>. The container disposes the engine at
/// shutdown, which ends attempts under way and writes what is left.
/// </summary>
internal sealed partial class SchedulerEngineStartup(IServiceProvider services, ILogger<SchedulerEngineStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        SchedulerEngine engine;
        try
        {
            engine = services.GetRequiredService<SchedulerEngine>();
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            throw new EngineOpenException("Cloud Scheduler", exception);
        }
        LogOpened(logger, engine.JobCount, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            engine.Options.AppEngineBaseUrl, engine.Options.MisfirePolicy);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information,
        Message = "Cloud Scheduler engine opened in {ElapsedMs} ms: {JobCount} jobs. Settings: AppEngineBaseUrl={AppEngineBaseUrl} MisfirePolicy={MisfirePolicy}")]
    private static partial void LogOpened(ILogger logger, int jobCount, long elapsedMs, Uri appEngineBaseUrl, MisfirePolicy misfirePolicy);
}
