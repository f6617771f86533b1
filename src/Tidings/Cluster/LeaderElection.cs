using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Configuration;
using Tidings.Monitoring;
using Tidings.Storage.Postgres;

namespace Tidings.Cluster;

/// <summary>
/// Decides which node leads. Once the port is bound, every node polls <c>pg_try_advisory_lock</c> each heartbeat on
/// its own session (<see cref="ClusterDatabase"/>) and follows the leader recorded in the database meanwhile (woken
/// early by NOTIFY). The winner waits the grace of two heartbeats, records itself with the next epoch, opens the
/// engines (<see cref="LeaderServices"/>: recovery from the database, exactly as a restart does) and serves; while
/// leading it checks its session every heartbeat, and losing it is fail-stop (<see cref="IFailStop"/>): another node
/// may already hold the lock. There is no other consensus: PostgreSQL frees the lock when the session dies.
/// The session is closed only when the container disposes this service, after the engines (created later, disposed
/// earlier), so a graceful stop writes its last checkpoints while still holding the lock.
/// </summary>
internal sealed partial class LeaderElection(
    ClusterNode node,
    ClusterState state,
    ClusterClock clock,
    LeaderServices leaderServices,
    Readiness readiness,
    TidingsOptions options,
    IFailStop failStop,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<LeaderElection> logger) : BackgroundService, IAsyncDisposable
{
    private ClusterDatabase? _database;

    /// <summary>The PostgreSQL backend holding (or trying for) the lock, 0 before it connects; for tests.</summary>
    public int BackendPid => _database?.BackendPid ?? 0;

    // Long enough that a busy database is not taken for a lost one, short enough that a leader cut off by the
    // network stops well before keepalives would make PostgreSQL free its lock.
    private TimeSpan CommandTimeout => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(5).Ticks, 3 * node.Heartbeat.Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitUntilListeningAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }
        ClusterLog.Joining(logger, node.NodeId, node.AdvertiseUrl, ClusterOptionsValidation.Redacted(options.Postgres), node.Heartbeat);
        var unreachable = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _database ??= await ClusterDatabase.OpenAsync(options.Postgres, node.NodeId, CommandTimeout, stoppingToken).ConfigureAwait(false);
                unreachable = false;
                await FollowUntilWonAsync(_database, stoppingToken).ConfigureAwait(false);
                if (await LeadAsync(_database, stoppingToken).ConfigureAwait(false))
                {
                    return; // led until the stop (or fail-stopped)
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
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
            // The session failed before any engine opened: start again as a follower on a new one.
            await CloseDatabaseAsync().ConfigureAwait(false);
            Observe(leader: null);
            state.BecomeFollower();
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
        await leaderServices.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseDatabaseAsync().ConfigureAwait(false);
        base.Dispose();
    }

    public override void Dispose()
    {
        CloseDatabaseAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
    }

    private async Task FollowUntilWonAsync(ClusterDatabase database, CancellationToken stoppingToken)
    {
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            var (won, leader) = await database.FollowerHeartbeatAsync(node.NodeId, node.AdvertiseUrl).ConfigureAwait(false);
            if (won)
            {
                return;
            }
            Observe(leader);
            await database.WaitForNotificationAsync(node.Heartbeat, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Follows <paramref name="leader"/>: a follower is ready while it knows one.</summary>
    private void Observe(LeaderInfo? leader)
    {
        if (!state.SetLeader(leader))
        {
            return;
        }
        if (leader is null)
        {
            readiness.MarkNotReady();
            ClusterLog.NoLeader(logger, node.NodeId);
        }
        else
        {
            readiness.MarkReady();
            ClusterLog.Following(logger, leader.NodeId, leader.Epoch, leader.Url, node.NodeId);
        }
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

    private async ValueTask CloseDatabaseAsync()
    {
        if (Interlocked.Exchange(ref _database, null) is { } database)
        {
            await database.DisposeAsync().ConfigureAwait(false);
        }
    }
}
