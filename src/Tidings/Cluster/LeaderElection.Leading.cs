using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tidings.Bootstrap;

namespace Tidings.Cluster;

internal sealed partial class LeaderElection
{
    /// <summary>
    /// Takes the leadership just won. Returns false when the session failed before any engine opened (the caller
    /// follows again), true once this node has led until the stop or fail-stopped.
    /// </summary>
    private async Task<bool> LeadAsync(ClusterDatabase database, CancellationToken stoppingToken)
    {
        state.BecomeOpening();
        readiness.MarkNotReady();
        ClusterLog.WonLock(logger, node.NodeId, node.Grace);

        // The grace: a leader whose session died unnoticed checks it within a heartbeat and stops. Meanwhile this
        // session is checked too, so one lost now is lost before anything was written (the caller follows again).
        for (var waited = TimeSpan.Zero; waited < node.Grace; waited += node.Heartbeat)
        {
            await Task.Delay(node.Heartbeat, stoppingToken).ConfigureAwait(false);
            await database.LeaderHeartbeatAsync(node.NodeId, node.AdvertiseUrl).ConfigureAwait(false);
        }
        var sample = await database.SampleClockAsync(clock.Local).ConfigureAwait(false);
        clock.Apply(sample);
        ClusterLog.ClockOffset(logger, sample.Offset.TotalMilliseconds, sample.RoundTrip.TotalMilliseconds);
        var epoch = await database.RecordLeadershipAsync(node.NodeId, node.AdvertiseUrl).ConfigureAwait(false);
        var self = new LeaderInfo(node.NodeId, node.AdvertiseUrl, epoch);
        state.SetLeader(self);

        var opening = Stopwatch.GetTimestamp();
        try
        {
            await leaderServices.StartAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception exception)
        {
            // Half-open engines must not linger holding the lock: stop, and let another node try.
            ClusterLog.EnginesFailed(logger, exception, node.NodeId);
            failStop.Stop(exception is BootstrapException ? ExitCodes.InvalidSettings : ExitCodes.Failure,
                $"the engines could not open on the new leader {node.NodeId}: {exception.Message}");
            return true;
        }
        state.BecomeLeading(self);
        ClusterLog.Leading(logger, node.NodeId, epoch, node.AdvertiseUrl, (long)Stopwatch.GetElapsedTime(opening).TotalMilliseconds);

        await HoldAsync(database, stoppingToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Checks the session every heartbeat until the stop; losing it is fail-stop.</summary>
    private async Task HoldAsync(ClusterDatabase database, CancellationToken stoppingToken)
    {
        var nextSample = clock.Local.GetTimestamp() + (long)(ClusterClock.ResampleInterval.TotalSeconds * clock.Local.TimestampFrequency);
        while (true)
        {
            try
            {
                await Task.Delay(node.Heartbeat, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                // Not cancellable by the stop: a cancelled command could break the session and free the lock
                // before the engines wrote their last state.
                await database.LeaderHeartbeatAsync(node.NodeId, node.AdvertiseUrl).ConfigureAwait(false);
                if (clock.Local.GetTimestamp() >= nextSample)
                {
                    var sample = await database.SampleClockAsync(clock.Local).ConfigureAwait(false);
                    clock.Apply(sample);
                    ClusterLog.ClockOffset(logger, sample.Offset.TotalMilliseconds, sample.RoundTrip.TotalMilliseconds);
                    nextSample = clock.Local.GetTimestamp() + (long)(ClusterClock.ResampleInterval.TotalSeconds * clock.Local.TimestampFrequency);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                readiness.MarkNotReady();
                ClusterLog.LostLock(logger, exception, node.NodeId, ExitCodes.LostLeadership);
                failStop.Stop(ExitCodes.LostLeadership,
                    $"the leader {node.NodeId} lost the PostgreSQL session holding the cluster lock ({exception.Message})");
                return;
            }
            catch (Exception)
            {
                return; // stopping anyway
            }
        }
    }
}
