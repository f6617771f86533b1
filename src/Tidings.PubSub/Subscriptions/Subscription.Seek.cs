namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>
    /// Ack ids of generations up to this one were issued before the last seek and no longer ack anything (Google: a
    /// seek voids outstanding ack ids). 0 before any seek. Lock must be held to write.
    /// </summary>
    private long _seekFence;

    /// <summary>
    /// Seek to a time: messages below <paramref name="timeSequence"/> (published before the time) become acked,
    /// messages from <paramref name="retainedFrom"/> on (and from the time on) unacked, and those in between keep
    /// their state (they are not retained for seeking: an acked one cannot come back). With
    /// <paramref name="toFuture"/> the time lies ahead of the clock, so every message in the log now is before it.
    /// </summary>
    /// <remarks>The caller holds the topic's truncation lock, so no truncation passes the new floor meanwhile.</remarks>
    internal void SeekToTime(long timeSequence, long retainedFrom, bool toFuture)
    {
        lock (_lock)
        {
            if (toFuture)
            {
                timeSequence = Topic.Log.NextSequence;
            }
            retainedFrom = Math.Max(Math.Max(retainedFrom, timeSequence), Topic.Log.FirstSequence);
            var floor = timeSequence;
            var acked = new HashSet<long>();
            if (retainedFrom > timeSequence)
            {
                // [timeSequence, retainedFrom) keeps its state: what is below the old floor is done, the acked set stays.
                if (_floor > floor)
                {
                    floor = Math.Min(_floor, retainedFrom);
                }
                foreach (var sequence in _acked)
                {
                    if (sequence >= floor && sequence < retainedFrom)
                    {
                        acked.Add(sequence);
                    }
                }
            }
            ResetAckState(floor, acked);
        }
        NotifyMessagesAvailable();
    }

    /// <summary>
    /// Seek to a snapshot: the ack state becomes the snapshot's (everything below <paramref name="floor"/> and in
    /// <paramref name="ackedAbove"/> acked, the rest unacked). The caller holds the topic's truncation lock.
    /// </summary>
    internal void SeekToState(long floor, IEnumerable<long> ackedAbove)
    {
        lock (_lock)
        {
            ResetAckState(floor, [.. ackedAbove.Where(sequence => sequence >= floor)]);
        }
        NotifyMessagesAvailable();
    }

    /// <summary>
    /// Installs a new ack state and forgets everything in hand, as a restart does: leases (their ack ids stop
    /// working), claims, redeliveries, dead letters in flight, ordering keys and failed-attempt counts. The cursor
    /// goes back to the floor, so every message from there on that is not acked is delivered again, in order. Lock
    /// must be held.
    /// </summary>
    private void ResetAckState(long floor, HashSet<long> acked)
    {
        foreach (var lease in _leases.Values)
        {
            lease.Consumer.Release(lease.Size);
        }
        _leases.Clear();
        _pending.Clear();
        _claims.Clear();
        _pendingQueue.Clear();
        _deadLetters.Clear();
        _deadLettersToTake.Clear();
        _restoredFailures.Clear();
        _unsavedAcks.Clear();
        _ordering?.Clear();
        _acked.Clear();
        _acked.UnionWith(acked);
        _floor = floor;
        while (_acked.Remove(_floor))
        {
            _floor++;
        }
        _cursor = _floor;
        _seekFence = _nextGeneration;
        NoteAckStateChanged();
    }
}
