namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// The durable part of a subscription's state: its ack floor, the sequences acked above it, and the failed delivery
/// attempts of messages not done (kept only where a dead-letter or retry policy uses them).
/// </summary>
internal readonly record struct AckState(long Version, long Floor, long[] AckedAbove, (long Sequence, int Failures)[] FailedAttempts);

public sealed partial class Subscription
{
    /// <summary>Bumped under the lock whenever the floor, the acked set or the checkpointed failed attempts change.</summary>
    private long _ackStateVersion;

    /// <summary>Told under the lock of every change of the ack state: the checkpointer that tracks this subscription. Lock.</summary>
    private Action? _ackStateChanged;

    /// <summary>
    /// Has <paramref name="notify"/> called at every change of the ack state, under this subscription's lock: so it
    /// must be cheap and take none of the engine's locks.
    /// </summary>
    internal void NotifyAckStateChanges(Action notify)
    {
        lock (_lock)
        {
            _ackStateChanged = notify;
        }
    }

    /// <summary>What the checkpoint saves changed: bumps the version and tells the checkpointer. Lock must be held.</summary>
    private void NoteAckStateChanged()
    {
        _ackStateVersion++;
        _ackStateChanged?.Invoke();
    }

    /// <summary>A consistent copy of the ack state, for checkpointing.</summary>
    internal AckState SnapshotAckState()
    {
        lock (_lock)
        {
            return new AckState(_ackStateVersion, _floor, [.. _acked], SnapshotFailedAttempts());
        }
    }

    internal long AckStateVersion
    {
        get { lock (_lock) { return _ackStateVersion; } }
    }

    /// <summary>
    /// Restores the state recovered at start-up, before any delivery: everything from the floor on that was not
    /// acked is delivered again, as after any restart (at-least-once), its delivery attempts counting on from the
    /// failed ones recorded.
    /// </summary>
    internal void RestoreAckState(long floor, IEnumerable<long> ackedAbove, IEnumerable<(long Sequence, int Failures)> failedAttempts)
    {
        lock (_lock)
        {
            _floor = floor;
            _cursor = floor;
            _acked.Clear();
            foreach (var sequence in ackedAbove)
            {
                if (sequence >= floor)
                {
                    _acked.Add(sequence);
                }
            }
            _restoredFailures.Clear();
            foreach (var (sequence, failures) in failedAttempts)
            {
                if (sequence >= floor && failures > 0)
                {
                    _restoredFailures[sequence] = failures;
                }
            }
        }
    }
}
