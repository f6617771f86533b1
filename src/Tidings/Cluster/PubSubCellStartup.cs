using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tidings.Configuration;
using Tidings.Delivery;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.Storage.Postgres.Messages;
using Tidings.Storage.State;

namespace Tidings.Cluster;

/// <summary>
/// Opens one cell of Pub/Sub when this node wins its unit: a message store over the cell's logs (sharing the node's
/// one message cache with its other cells), the engine over the cell's state documents (<see cref="CellStateStore"/>),
/// recovered exactly as a whole engine is at a restart, and then serves it through <see cref="PubSubCells"/>. A
/// graceful stop takes the cell out of service and disposes the engine (its last ack checkpoint) and then its store.
/// </summary>
internal sealed class PubSubCellStartup(int cell, IServiceProvider services, ILogger<PubSubCellStartup> logger) : IHostedService
{
    private PubSubBroker? _engine;
    private PostgresMessageStore? _messages;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var options = services.GetRequiredService<TidingsOptions>();
        var cells = services.GetRequiredService<PubSubCells>();
        _messages = new PostgresMessageStore(
            services.GetRequiredService<NpgsqlDataSource>(),
            new PostgresMessageStoreOptions { Writers = options.PostgresWriters, Cell = cell },
            services.GetRequiredService<PubSubCellCache>().Cache,
            services.GetRequiredService<ILogger<PostgresMessageStore>>());
        _engine = new PubSubBroker(
            _messages,
            new CellStateStore(services.GetRequiredService<IStateStore>(), cell),
            services.GetRequiredService<IHttpDeliverer>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<PubSubOptions>(),
            services.GetRequiredService<ILogger<PubSubBroker>>(),
            cells.LinksFor(cell));
        cells.Open(cell, _engine);
        var settings = _engine.Options;
        ClusterLog.CellOpened(logger, cell, cells.Map.Count, _engine.TopicCount, _engine.SubscriptionCount,
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, settings.PullWaitTime, settings.StreamMaxLifetime,
            settings.AckCheckpointInterval, settings.ExpirySweepInterval, settings.EnforceLimits);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<PubSubCells>().Close(cell);
        _engine?.Dispose();
        _messages?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The message cache the cells of one node share, of <c>--postgres-cache-mb</c> in all.</summary>
internal sealed class PubSubCellCache(TidingsOptions options)
{
    public PostgresMessageCache Cache { get; } = new((long)options.PostgresCacheMb << 20);
}
