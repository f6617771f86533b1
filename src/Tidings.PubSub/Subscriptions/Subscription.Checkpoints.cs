namespace Tidings.PubSub.Subscriptions;

/// <summary>The durable part of a subscription's state: its ack floor and the sequences acked above it.</summary>
internal readonly record struct AckState(long Version, long Floor, long[] AckedAbove);

public sealed partial class Subscription
{
    /// <summary>Bumped under the lock whenever the floor or the acked set changes.</summary>
    private long _ackStateVersion;

    /// <summary>A consistent copy of the ack state, for checkpointing.</summary>
    internal AckState SnapshotAckState()
    {
        lock (_lock)
        {
            return new AckState(_ackStateVersion, _floor, [.. _acked]);
        }
    }

    internal long AckStateVersion
    {
        get { lock (_lock) { return _ackStateVersion; } }
    }

    /// <summary>
    /// Restores the state recovered at start-up, before any delivery: everything from the floor on that was not
    /// acked is delivered again, as after any restart (at-least-once).
    /// </summary>
    internal void RestoreAckState(long floor, IEnumerable<long> ackedAbove)
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
        }
    }
}
