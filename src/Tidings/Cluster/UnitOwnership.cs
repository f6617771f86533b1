using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Configuration;
using Tidings.Monitoring;
using Tidings.Storage.Postgres;

namespace Tidings.Cluster;

/// <summary>
/// Decides which node owns each unit (<see cref="ClusterUnit"/>). Once the port is bound, the node makes a heartbeat
/// every <see cref="ClusterNode.Heartbeat"/> on its own session (<see cref="ClusterDatabase"/>): it records itself as
/// seen, reads the owners, the held locks and the live nodes, and takes free units as <see cref="UnitClaims"/> says
/// with <c>pg_try_advisory_lock</c>. A unit won waits the grace of two heartbeats, is recorded with its next epoch,
/// and then its services start (<see cref="UnitServices"/>: the engine recovers from the database exactly as at a
/// restart). Only a Pub/Sub cell is ever given back while the node lives, to spread cells over nodes that joined later
/// (<see cref="CellHandback"/>): its engine closes first, then its lock is freed. Losing the session once any unit's engine opened is
/// fail-stop (<see cref="IFailStop"/>): another node may already hold its lock. There is no other consensus:
/// PostgreSQL frees a session's locks when it dies. The session is closed only when the container disposes this
/// service, after the engines (created later, disposed earlier), so a graceful stop writes its last checkpoints while
/// still holding the locks.
/// </summary>
internal sealed partial class UnitOwnership(
    ClusterNode node,
    ClusterState state,
    ClusterClock clock,
    UnitServices unitServices,
    Readiness readiness,
    TidingsOptions options,
    IFailStop failStop,
    IServer server,
    IHostApplicationLifetime lifetime,
    IServiceProvider services,
    ILogger<UnitOwnership> logger) : BackgroundService, IAsyncDisposable
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly List<Task> _starts = [];
    private ClusterDatabase? _database;
    private volatile bool _opened;
    private volatile bool _stoppedGracefully;

    /// <summary>The PostgreSQL backend holding (or trying for) the locks, 0 before it connects; for tests.</summary>
    public int BackendPid => _database?.BackendPid ?? 0;

    // Long enough that a busy database is not taken for a lost one, short enough that an owner cut off by the
    // network stops well before keepalives would make PostgreSQL free its locks.
    private TimeSpan CommandTimeout => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(5).Ticks, 3 * node.Heartbeat.Ticks));

    /// <summary>How long a cell handed back waits for the requests it took before it closes anyway.</summary>
    private static readonly TimeSpan HandbackDrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A node not seen for this long is not counted live: three heartbeats.</summary>
    private TimeSpan LiveWindow => 3 * node.Heartbeat;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitUntilListeningAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }
        ClusterLog.Joining(logger, node.NodeId, node.AdvertiseUrl, ClusterOptionsValidation.Redacted(options.Postgres), node.Heartbeat);
        services.GetService<TidingsMeter>(); // reads only the engines this node runs (ClusterLocalEngines)
        var unreachable = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _database ??= await ClusterDatabase.OpenAsync(options.Postgres, node.NodeId, state.Units, CommandTimeout, stoppingToken).ConfigureAwait(false);
                unreachable = false;
                await RunAsync(_database, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (_opened && !stoppingToken.IsCancellationRequested)
            {
                readiness.MarkNotReady();
                var units = string.Join(", ", state.Held.Select(u => u.Name()));
                ClusterLog.LostLock(logger, exception, node.NodeId, units, ExitCodes.LostLeadership);
                failStop.Stop(ExitCodes.LostLeadership,
                    $"node {node.NodeId} lost the PostgreSQL session holding the locks of {units} ({exception.Message})");
                return;
            }
            catch (Exception exception) when (PostgresErrors.IsStorageFault(exception) || exception is IOException)
            {
                if (!unreachable)
                {
                    ClusterLog.DatabaseUnreachable(logger, node.NodeId, exception.Message);
                    unreachable = true;
                }
            }
            // The session failed before any engine opened: start again, owning nothing, on a new one.
            await CloseDatabaseAsync().ConfigureAwait(false);
            state.Reset();
            readiness.MarkNotReady();
            try
            {
                await Task.Delay(node.Heartbeat, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Task[] starts;
        lock (_starts)
        {
            starts = [.. _starts];
        }
        try
        {
            await Task.WhenAll(starts).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A start that failed has fail-stopped already; stop what did start.
        }
        await unitServices.StopAsync(cancellationToken).ConfigureAwait(false);
        _stoppedGracefully = true;
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAfterGracefulStopAsync().ConfigureAwait(false);
        await CloseDatabaseAsync().ConfigureAwait(false);
        _starting.Dispose();
        base.Dispose();
    }

    public override void Dispose()
    {
        ReleaseAfterGracefulStopAsync().GetAwaiter().GetResult();
        CloseDatabaseAsync().AsTask().GetAwaiter().GetResult();
        _starting.Dispose();
        base.Dispose();
    }

    private async Task<bool> WaitUntilListeningAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        node.ResolveAdvertiseUrl(address is null ? options.Port : BindingAddress.Parse(address).Port);
        return true;
    }

    /// <summary>
    /// After a graceful stop the container disposed the engines before this service (created earlier): none of this
    /// node's runs any more, so its units are marked left: the other nodes take them at once and open them without
    /// the grace.
    /// </summary>
    private async Task ReleaseAfterGracefulStopAsync()
    {
        if (!_stoppedGracefully || _database is not { } database)
        {
            return;
        }
        try
        {
            await database.ReleaseAllAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (PostgresErrors.IsStorageFault(exception) || exception is IOException or InvalidOperationException)
        {
            // The session is gone or going: the next owners wait the grace, as after a crash.
        }
    }

    private async ValueTask CloseDatabaseAsync()
    {
        if (Interlocked.Exchange(ref _database, null) is { } database)
        {
            await database.DisposeAsync().ConfigureAwait(false);
        }
    }
}
