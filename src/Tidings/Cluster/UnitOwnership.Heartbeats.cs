using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Bootstrap;
using Tidings.PubSub.Cells;

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
        var grace = new Dictionary<ClusterUnit, long>(); // units won and not open yet, by when they were won
        var liveSince = new Dictionary<string, int>(StringComparer.Ordinal); // live nodes, by the heartbeat first seen
        var handingBack = new Dictionary<ClusterUnit, Task<bool>>(); // cells closing here, until their lock is freed
        var takeByShareFrom = 0; // after a handback, the heartbeat from which this node takes by share again
        var wakeups = services.GetRequiredService<ClusterWakeups>();
        long? nextSample = null;
        while (true)
        {
            var view = await database.HeartbeatAsync(node.NodeId, node.AdvertiseUrl, LiveWindow).ConfigureAwait(false);
            beats++;

            await OpenAfterGraceAsync().ConfigureAwait(false);
            Observe(view);
            foreach (var unit in units.All)
            {
                var i = units.IndexOf(unit);
                freeBeats[i] = view.Held.Contains(unit) ? 0 : beats > UnitClaims.JoinWindow ? freeBeats[i] + 1 : 0;
            }
            await TakeAsync(view).ConfigureAwait(false);

            foreach (var gone in Gone(view))
            {
                liveSince.Remove(gone);
            }
            foreach (var live in view.LiveNodes)
            {
                liveSince.TryAdd(live.NodeId, beats);
            }
            // A unit in its grace or starting is Opening, one closing is Releasing until its lock is freed.
            var busy = units.All.Any(u => state.RoleOf(u) is UnitRole.Opening or UnitRole.Releasing);
            // One heartbeat past the join window as this node counts it, so the other has surely left its own: it takes at once.
            var settled = liveSince.Where(l => beats - l.Value > UnitClaims.JoinWindow + 1).Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
            var owning = units.All.Where(u => state.RoleOf(u) == UnitRole.Owning).ToList();
            if (CellHandback.Choose(node.NodeId, view.Owners, settled, owning, busy, units) is { } cell)
            {
                ClusterLog.HandingBack(logger, node.NodeId, cell.Name(), owning.Count,
                    settled.Where(n => n != node.NodeId).Min(n => view.Owners.Values.Count(o => o.NodeId == n)));
                state.SetRole(cell, UnitRole.Releasing, state.OwnerOf(cell));
                handingBack[cell] = Close(cell, stoppingToken);
            }
            UpdateReadiness();

            if (nextSample is { } due && clock.Local.GetTimestamp() >= due)
            {
                await SampleClockAsync(database).ConfigureAwait(false);
                nextSample = NextSampleAt();
            }
            await WaitForNextHeartbeatAsync().ConfigureAwait(false);
        }

        // The grace, timed from the win (at a heartbeat or a look between): an owner whose session died unnoticed
        // checks it within a heartbeat and stops. Opening records the owner on this session, which proves it alive, so
        // a session lost during the grace is lost before the unit's engine opened.
        async Task OpenAfterGraceAsync()
        {
            foreach (var (unit, _) in grace.Where(g => clock.Local.GetElapsedTime(g.Value) >= node.Grace).ToList())
            {
                grace.Remove(unit);
                await OpenAsync(unit).ConfigureAwait(false);
            }
        }

        // Nodes live at the last heartbeat that this view no longer shows live.
        List<string> Gone(ClusterView view) => [.. liveSince.Keys.Where(id => !view.LiveNodes.Any(n => n.NodeId == id))];

        // Takes what the plan says of the free units: every abandoned or left one, and by share while below it.
        async Task TakeAsync(ClusterView view)
        {
            if (Gone(view).Count > 0)
            {
                // A node gone (killed, stopped): the pause after a handback lets the node it was for take the cell, not
                // a dead node's units wait to count as abandoned.
                takeByShareFrom = 0;
            }
            var plan = UnitClaims.Plan(node.NodeId, beats, view.LiveNodes.Count, state.Held.Count, view.Held, freeBeats, units, view.Left);
            var won = 0;
            foreach (var unit in plan.Abandoned)
            {
                won += await TryTakeAsync(unit).ConfigureAwait(false) ? 1 : 0;
            }
            foreach (var unit in beats >= takeByShareFrom ? plan.ByShare : [])
            {
                if (won >= plan.Wanted)
                {
                    break;
                }
                won += await TryTakeAsync(unit).ConfigureAwait(false) ? 1 : 0;
            }
        }

        // A look between heartbeats, when an owner changed somewhere: learns the owners, and takes what is free by the
        // same plan. Not a heartbeat: no unit counts as free for longer, nothing is handed back.
        async Task LookAsync()
        {
            var view = await database.HeartbeatAsync(node.NodeId, node.AdvertiseUrl, LiveWindow).ConfigureAwait(false);
            Observe(view);
            await TakeAsync(view).ConfigureAwait(false);
            UpdateReadiness();
        }

        // Waits out the heartbeat, looking at once when an owner changes somewhere (ClusterChangeListener) or one did
        // not answer a forwarded request, opening a unit whose grace ends meanwhile, handing back each cell whose
        // engine closes meanwhile at once, and then looking for its next owner every tenth of a heartbeat (in case
        // its announcement is not heard): the requests for it that this node holds go there without waiting for this
        // node's next heartbeat.
        async Task WaitForNextHeartbeatAsync()
        {
            var next = Task.Delay(node.Heartbeat, stoppingToken);
            var woken = wakeups.Next;
            var unowned = new HashSet<ClusterUnit>();
            while (true)
            {
                List<Task> waits = [next, woken, .. handingBack.Values];
                if (unowned.Count > 0 && handingBack.Count == 0)
                {
                    waits.Add(Task.Delay(node.Heartbeat / 10, stoppingToken));
                }
                var graceEnds = grace.Count == 0 ? null : Task.Delay(GraceLeft(), stoppingToken);
                if (graceEnds is not null)
                {
                    waits.Add(graceEnds);
                }
                var done = await Task.WhenAny(waits).ConfigureAwait(false);
                if (done == next)
                {
                    break;
                }
                if (done == graceEnds)
                {
                    await OpenAfterGraceAsync().ConfigureAwait(false);
                    UpdateReadiness();
                    continue;
                }
                if (done is not Task<bool> closed || !handingBack.ContainsValue(closed))
                {
                    woken = wakeups.Next;
                    await LookAsync().ConfigureAwait(false);
                    unowned.RemoveWhere(unit => state.OwnerOf(unit) is not null);
                    continue;
                }
                foreach (var (unit, closing) in handingBack.Where(h => h.Value.IsCompleted).ToList())
                {
                    handingBack.Remove(unit);
                    if (!await closing.ConfigureAwait(false))
                    {
                        continue; // the node fail-stops, holding the lock until its session ends
                    }
                    await database.ReleaseAsync(unit).ConfigureAwait(false); // its row marked handed back, its lock freed
                    state.SetRole(unit, UnitRole.None, owner: null);
                    takeByShareFrom = beats + CellHandback.Cooldown;
                    unowned.Add(unit);
                }
            }
            await next.ConfigureAwait(false);
        }

        // Until the first grace running ends (a millisecond at least, so a timer that fires early is waited again).
        TimeSpan GraceLeft() =>
            TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, grace.Values.Min(won => (node.Grace - clock.Local.GetElapsedTime(won)).Ticks)));

        async Task<bool> TryTakeAsync(ClusterUnit unit)
        {
            if (!await database.TryLockAsync(unit).ConfigureAwait(false))
            {
                return false;
            }
            freeBeats[units.IndexOf(unit)] = 0;
            if (await database.WasReleasedAsync(unit).ConfigureAwait(false))
            {
                ClusterLog.WonReleasedLock(logger, node.NodeId, unit.Name());
                await OpenAsync(unit).ConfigureAwait(false);
                return true;
            }
            state.SetRole(unit, UnitRole.Opening, owner: null);
            grace[unit] = clock.Local.GetTimestamp();
            ClusterLog.WonLock(logger, node.NodeId, unit.Name(), node.Grace);
            return true;
        }

        async Task OpenAsync(ClusterUnit unit)
        {
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
    }

    /// <summary>Opens <paramref name="unit"/>'s engine in the background, so heartbeats go on.</summary>
    private void Start(ClusterUnit unit, UnitOwner self, CancellationToken stoppingToken) =>
        _ = InBackground(unit, "open", async () =>
        {
            var opening = Stopwatch.GetTimestamp();
            await unitServices.StartAsync(unit, stoppingToken).ConfigureAwait(false);
            state.SetRole(unit, UnitRole.Owning, self);
            ClusterLog.Owning(logger, node.NodeId, unit.Name(), self.Epoch, self.Url, (long)Stopwatch.GetElapsedTime(opening).TotalMilliseconds);
            UpdateReadiness();
        }, stoppingToken);

    /// <summary>
    /// Closes a cell handed back, in the background: its deliveries end (streams recycled with UNAVAILABLE, which
    /// clients retry on the next owner), the requests it took are answered, then its services stop (the engine's last
    /// ack checkpoint). True when closed.
    /// </summary>
    private Task<bool> Close(ClusterUnit unit, CancellationToken stoppingToken) =>
        InBackground(unit, "close", async () =>
        {
            var closing = Stopwatch.GetTimestamp();
            services.GetRequiredService<PubSubCells>().Find(unit.Cell)?.StopDelivering();
            var requests = services.GetRequiredService<UnitRequests>();
            if (await requests.DrainAsync(unit, HandbackDrainTimeout, stoppingToken).ConfigureAwait(false) is var left and > 0)
            {
                ClusterLog.HandbackDrainTimedOut(logger, node.NodeId, unit.Name(), left, HandbackDrainTimeout);
            }
            await unitServices.StopAsync(unit, stoppingToken).ConfigureAwait(false);
            ClusterLog.HandedBack(logger, node.NodeId, unit.Name(), (long)Stopwatch.GetElapsedTime(closing).TotalMilliseconds);
        }, stoppingToken);

    /// <summary>
    /// Runs <paramref name="work"/> on <paramref name="unit"/>'s engine in the background, one unit at a time (openings
    /// and closings alike), remembered so a graceful stop waits for it. True when it ran to its end; false when the
    /// node stopped meanwhile, or when it failed: then the node fail-stops, since a half-open or half-closed engine
    /// must not linger holding the lock.
    /// </summary>
    private Task<bool> InBackground(ClusterUnit unit, string verb, Func<Task> work, CancellationToken stoppingToken)
    {
        var run = Task.Run(async () =>
        {
            var entered = false;
            try
            {
                await _starting.WaitAsync(stoppingToken).ConfigureAwait(false);
                entered = true;
                await work().ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false; // the host stops what is left of it
            }
            catch (Exception exception)
            {
                ClusterLog.EngineFailed(logger, exception, unit.Name(), node.NodeId);
                failStop.Stop(exception is BootstrapException ? ExitCodes.InvalidSettings : ExitCodes.Failure,
                    $"the engine of {unit.Name()} could not {verb} on node {node.NodeId}: {exception.Message}");
                return false;
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
            _starts.Add(run);
        }
        return run;
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
            UnitRole.Releasing => true, // its requests wait for the next owner, a heartbeat or two away
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
