using System.Diagnostics;
using Tidings.Bootstrap;

namespace Tidings.Cluster;

internal sealed partial class UnitOwnership
{
    /// <summary>
    /// Heartbeats on <paramref name="database"/> until the stop. Throws when the session fails; the caller tells a
    /// failure before any engine opened (start again) from one after (fail-stop) by <see cref="_opened"/>.
    /// </summary>
    private async Task RunAsync(ClusterDatabase database, CancellationToken stoppingToken)
    {
        var units = state.Units;
        var agreed = await database.AgreePubSubCellsAsync(units.PubSubCells).ConfigureAwait(false);
        if (agreed != units.PubSubCells)
        {
            var reason = $"node {node.NodeId} splits Pub/Sub into {units.PubSubCells} cells, but the cluster's database is set up for {agreed}";
            ClusterLog.CellsDisagree(logger, node.NodeId, units.PubSubCells, agreed);
            failStop.Stop(ExitCodes.InvalidSettings, reason);
            return;
        }
        var beats = 0;
        var freeBeats = new int[units.All.Count];
        var grace = new Dictionary<ClusterUnit, int>(); // units won, by heartbeats of grace left
        var graceBeats = Math.Max(1, (int)Math.Round(node.Grace / node.Heartbeat));
        long? nextSample = null;
        while (true)
        {
            var view = await database.HeartbeatAsync(node.NodeId, node.AdvertiseUrl, LiveWindow).ConfigureAwait(false);
            beats++;

            // The grace: an owner whose session died unnoticed checks it within a heartbeat and stops. Meanwhile this
            // session is checked too, so one lost now is lost before the unit's engine opened.
            foreach (var unit in grace.Keys.ToList())
            {
                if (--grace[unit] > 0)
                {
                    continue;
                }
                grace.Remove(unit);
                if (nextSample is null)
                {
                    await SampleClockAsync(database).ConfigureAwait(false);
                    nextSample = NextSampleAt();
                }
                var epoch = await database.RecordOwnershipAsync(unit, node.NodeId, node.AdvertiseUrl).ConfigureAwait(false);
                var self = new UnitOwner(node.NodeId, node.AdvertiseUrl, epoch);
                state.SetRole(unit, UnitRole.Opening, self);
                _opened = true; // from here on, losing the session is fail-stop
                Start(unit, self, stoppingToken);
            }

            Observe(view);
            foreach (var unit in units.All)
            {
                var i = units.IndexOf(unit);
                freeBeats[i] = view.Held.Contains(unit) ? 0 : beats > UnitClaims.JoinWindow ? freeBeats[i] + 1 : 0;
            }
            var plan = UnitClaims.Plan(node.NodeId, beats, view.LiveNodes.Count, state.Held.Count, view.Held, freeBeats, units);
            var won = 0;
            foreach (var unit in plan.Abandoned)
            {
                won += await TryTakeAsync(unit).ConfigureAwait(false) ? 1 : 0;
            }
            foreach (var unit in plan.ByShare)
            {
                if (won >= plan.Wanted)
                {
                    break;
                }
                won += await TryTakeAsync(unit).ConfigureAwait(false) ? 1 : 0;
            }
            UpdateReadiness();

            if (nextSample is { } due && clock.Local.GetTimestamp() >= due)
            {
                await SampleClockAsync(database).ConfigureAwait(false);
                nextSample = NextSampleAt();
            }
            await Task.Delay(node.Heartbeat, stoppingToken).ConfigureAwait(false);
        }

        async Task<bool> TryTakeAsync(ClusterUnit unit)
        {
            if (!await database.TryLockAsync(unit).ConfigureAwait(false))
            {
                return false;
            }
            state.SetRole(unit, UnitRole.Opening, owner: null);
            grace[unit] = graceBeats;
            freeBeats[units.IndexOf(unit)] = 0;
            ClusterLog.WonLock(logger, node.NodeId, unit.Name(), node.Grace);
            return true;
        }
    }

    /// <summary>Opens <paramref name="unit"/>'s engine in the background (one unit at a time), so heartbeats go on.</summary>
    private void Start(ClusterUnit unit, UnitOwner self, CancellationToken stoppingToken)
    {
        var start = Task.Run(async () =>
        {
            var entered = false;
            try
            {
                await _starting.WaitAsync(stoppingToken).ConfigureAwait(false);
                entered = true;
                var opening = Stopwatch.GetTimestamp();
                await unitServices.StartAsync(unit, stoppingToken).ConfigureAwait(false);
                state.SetRole(unit, UnitRole.Owning, self);
                ClusterLog.Owning(logger, node.NodeId, unit.Name(), self.Epoch, self.Url, (long)Stopwatch.GetElapsedTime(opening).TotalMilliseconds);
                UpdateReadiness();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                // A half-open engine must not linger holding the lock: stop, and let another node try.
                ClusterLog.EngineFailed(logger, exception, unit.Name(), node.NodeId);
                failStop.Stop(exception is BootstrapException ? ExitCodes.InvalidSettings : ExitCodes.Failure,
                    $"the engine of {unit.Name()} could not open on node {node.NodeId}: {exception.Message}");
            }
            finally
            {
                if (entered)
                {
                    _starting.Release();
                }
            }
        }, CancellationToken.None);
        lock (_starts)
        {
            _starts.Add(start);
        }
    }

    /// <summary>Takes in what a heartbeat read of the units this node does not hold, logging each change of owner.</summary>
    private void Observe(ClusterView view)
    {
        var before = state.Units.All.ToDictionary(u => u, state.OwnerOf);
        state.Observe(view.Owners, view.LiveNodes);
        foreach (var unit in state.Units.All.Where(u => state.RoleOf(u) == UnitRole.None))
        {
            var owner = state.OwnerOf(unit);
            if (owner == before[unit])
            {
                continue;
            }
            if (owner is null)
            {
                ClusterLog.NoOwner(logger, unit.Name(), node.NodeId);
            }
            else
            {
                ClusterLog.Following(logger, owner.NodeId, unit.Name(), owner.Epoch, owner.Url, node.NodeId);
            }
        }
    }

    /// <summary>Ready while every unit can be served: its engine runs here, or its owner is known.</summary>
    private void UpdateReadiness()
    {
        var servable = state.Units.All.All(u => state.RoleOf(u) switch
        {
            UnitRole.Owning => true,
            UnitRole.None => state.OwnerOf(u) is not null,
            _ => false,
        });
        if (servable)
        {
            readiness.MarkReady();
        }
        else
        {
            readiness.MarkNotReady();
        }
    }

    private async Task SampleClockAsync(ClusterDatabase database)
    {
        var sample = await database.SampleClockAsync(clock.Local).ConfigureAwait(false);
        clock.Apply(sample);
        ClusterLog.ClockOffset(logger, sample.Offset.TotalMilliseconds, sample.RoundTrip.TotalMilliseconds);
    }

    private long NextSampleAt() =>
        clock.Local.GetTimestamp() + (long)(ClusterClock.ResampleInterval.TotalSeconds * clock.Local.TimestampFrequency);
}
