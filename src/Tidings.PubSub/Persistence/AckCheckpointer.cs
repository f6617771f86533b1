using Microsoft.Extensions.Logging;
using Tidings.PubSub.Subscriptions;
using Tidings.Storage.State;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// Writes every subscription's changed ack state to the state store in one batch per interval, so acks cost no
/// synchronous disk write. After a crash, acks of the last interval may be lost: those messages are delivered
/// again (at-least-once), never lost. The timer is armed only by a change (the first one after a run), so an idle
/// server is never woken by it.
/// </summary>
/// <remarks>
/// Shares no lock with the broker's admin calls: a slow checkpoint never holds up CreateTopic, nor the reverse.
/// Two locks of its own: <see cref="_runLock"/> serialises whole runs (timer, explicit, final) and is held across
/// the store write; <see cref="_gate"/> guards the tracked set and is held only to pick what to write and to record
/// what was written — never across a checkpoint's store write. Lock order: registry, gate, subscription.
/// <para>
/// A subscription deleted while a run is writing its ack state would get that document written back after its
/// deletion. So deletions go through <see cref="Untrack"/>, which writes them under the gate: a run either picks
/// the subscription before (and finds it gone when recording, and deletes the document again) or not at all.
/// A crash in between leaves an ack document without subscription, which recovery hands back for deletion.
/// </para>
/// </remarks>
internal sealed partial class AckCheckpointer : IDisposable
{
    private readonly IStateStore _state;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly TimeSpan _interval;
    private readonly Action _requestRun;

    /// <summary>1 while the timer is armed for a run. Interlocked.</summary>
    private int _armed;
    private readonly Lock _runLock = new();
    private readonly Lock _gate = new();

    /// <summary>Subscriptions whose ack state is checkpointed, with the version last saved. Gate must be held.</summary>
    private readonly Dictionary<long, (Subscription Subscription, long SavedVersion)> _tracked = [];

    /// <summary>Ack documents of deleted subscriptions that a run wrote back and still has to delete. Gate must be held.</summary>
    private readonly HashSet<long> _orphans = [];

    public AckCheckpointer(IStateStore state, TimeProvider time, TimeSpan interval, ILogger logger)
    {
        _state = state;
        _logger = logger;
        _interval = interval;
        _requestRun = RequestRun;
        _timer = time.CreateTimer(static self => ((AckCheckpointer)self!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts checkpointing a new or restored subscription whose current ack state is already stored.</summary>
    public void Track(Subscription subscription)
    {
        lock (_gate)
        {
            subscription.NotifyAckStateChanges(_requestRun); // from here on every change arms the timer
            _tracked[subscription.Id] = (subscription, subscription.AckStateVersion);
        }
    }

    /// <summary>
    /// Stops checkpointing a subscription being deleted: <paramref name="writeDeletion"/> (the store write deleting
    /// its documents) runs under the gate, and the subscription is forgotten only if it succeeds.
    /// </summary>
    public void Untrack(long subscriptionId, Action writeDeletion)
    {
        lock (_gate)
        {
            writeDeletion();
            _tracked.Remove(subscriptionId);
        }
    }

    /// <summary>Has the next run delete the ack states of these subscriptions, which no longer exist.</summary>
    public void DeleteOrphans(IEnumerable<long> subscriptionIds)
    {
        bool owed;
        lock (_gate)
        {
            _orphans.UnionWith(subscriptionIds);
            owed = _orphans.Count > 0;
        }
        if (owed)
        {
            RequestRun();
        }
    }

    /// <summary>
    /// Arms the timer for a run one interval from now unless it is armed already. Called under a subscription's
    /// lock at every change of its ack state, so it takes none of ours (only the timer's own, to arm it): once
    /// armed, it is one read.
    /// </summary>
    private void RequestRun()
    {
        if (Volatile.Read(ref _armed) != 0 || Interlocked.Exchange(ref _armed, 1) != 0)
        {
            return;
        }
        try
        {
            _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopping: Dispose runs the last checkpoint itself.
        }
    }

    private void OnTimer()
    {
        // Disarmed before the run picks anything, so a change made from here on arms the next run.
        Volatile.Write(ref _armed, 0);
        if (!RunSafely())
        {
            RequestRun(); // what failed is still unsaved: try again one interval later
        }
    }

    /// <summary>Saves every changed ack state now.</summary>
    public void Checkpoint()
    {
        lock (_runLock)
        {
            var (changes, written, owed) = PickChanges();
            if (changes.Count == 0)
            {
                return;
            }
            _state.Apply(changes);
            var orphans = RecordSaved(written, owed);
            if (orphans.Count > 0)
            {
                _state.Apply([.. orphans.SelectMany(PubSubDocuments.DeleteSubscriptionState)]);
                lock (_gate)
                {
                    _orphans.ExceptWith(orphans);
                }
            }
        }
    }

    /// <summary>Snapshots of every changed ack state, plus the deletions still owed.</summary>
    private (List<StateChange> Changes, List<(Subscription Subscription, long Version)> Written, long[] Owed) PickChanges()
    {
        var changes = new List<StateChange>();
        var written = new List<(Subscription, long)>();
        lock (_gate)
        {
            foreach (var (subscription, saved) in _tracked.Values)
            {
                if (subscription.AckStateVersion == saved)
                {
                    continue;
                }
                if (subscription.Settings.EnableExactlyOnceDelivery)
                {
                    // Both in one snapshot, so an ack moving a message from the leases to the acked set is in one of them.
                    var (acks, leases) = subscription.SnapshotExactlyOnceState();
                    changes.Add(PubSubDocuments.PutAckState(subscription.Id, acks.Floor, acks.AckedAbove, acks.FailedAttempts));
                    changes.Add(PubSubDocuments.PutLeaseState(subscription.Id, leases));
                    written.Add((subscription, acks.Version));
                    continue;
                }
                var snapshot = subscription.SnapshotAckState();
                changes.Add(PubSubDocuments.PutAckState(subscription.Id, snapshot.Floor, snapshot.AckedAbove, snapshot.FailedAttempts));
                written.Add((subscription, snapshot.Version));
            }
            long[] owed = [.. _orphans];
            changes.AddRange(owed.SelectMany(PubSubDocuments.DeleteSubscriptionState));
            return (changes, written, owed);
        }
    }

    /// <summary>
    /// After a successful write: records the saved versions and settles the owed deletions; returns the
    /// subscriptions deleted while their state was being written, whose documents must go again.
    /// </summary>
    private List<long> RecordSaved(List<(Subscription Subscription, long Version)> written, long[] owed)
    {
        var orphans = new List<long>();
        lock (_gate)
        {
            _orphans.ExceptWith(owed);
            foreach (var (subscription, version) in written)
            {
                if (_tracked.TryGetValue(subscription.Id, out var tracked) && tracked.Subscription == subscription)
                {
                    _tracked[subscription.Id] = (subscription, version);
                }
                else
                {
                    orphans.Add(subscription.Id);
                    _orphans.Add(subscription.Id); // owed until the delete below succeeds
                }
            }
        }
        return orphans;
    }

    public void Dispose()
    {
        _timer.Dispose();
        RunSafely();
    }

    /// <summary>Runs a checkpoint; false (logged) when the store write failed.</summary>
    private bool RunSafely()
    {
        try
        {
            Checkpoint();
            return true;
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogCheckpointFailed(_logger, exception);
            return false;
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Saving ack state failed; retrying at the next interval")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
