using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.PubSub.Cells;

namespace Tidings.PubSub.Hosting;

/// <summary>
/// Opens the Pub/Sub engine when the host starts: its stores are opened and recovered, its topics, subscriptions
/// and push dispatchers rebuilt, before the server listens and before any request can arrive; requests reach it
/// through <see cref="PubSubCells"/> from then on. A data directory
/// that cannot be opened stops start-up with <see cref="EngineOpenException"/>. The container disposes the
/// engine at shutdown (a last ack checkpoint).
/// </summary>
internal sealed partial class PubSubEngineStartup(IServiceProvider services, ILogger<PubSubEngineStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        PubSubBroker broker;
        try
        {
            broker = services.GetRequiredService<PubSubBroker>();
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            throw new EngineOpenException("Pub/Sub", exception);
        }
        services.GetRequiredService<PubSubCells>().Open(0, broker);
        var options = broker.Options;
        LogOpened(logger, broker.TopicCount, broker.SubscriptionCount, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            options.PullWaitTime, options.StreamMaxLifetime, options.AckCheckpointInterval, options.ExpirySweepInterval, options.EnforceLimits, options.PushEndpointAllowList.IsRestricted);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information,
        Message = "Pub/Sub engine opened in {ElapsedMs} ms: {TopicCount} topics, {SubscriptionCount} subscriptions. Settings: PullWait={PullWait} StreamMaxLifetime={StreamMaxLifetime} AckCheckpointInterval={AckCheckpointInterval} ExpirySweepInterval={ExpirySweepInterval} EnforceLimits={EnforceLimits} PushHostsRestricted={PushHostsRestricted}")]
    private static partial void LogOpened(ILogger logger, int topicCount, int subscriptionCount, long elapsedMs,
        TimeSpan pullWait, TimeSpan streamMaxLifetime, TimeSpan ackCheckpointInterval, TimeSpan expirySweepInterval, bool enforceLimits, bool pushHostsRestricted);
}
