namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>True when a lease could be had now (used to decide whether a waiter should sleep).</summary>
    public bool HasAvailableMessages()
    {
        lock (_lock)
        {
            return !IsDetached && (_cursor < Topic.Log.NextSequence
                || (_pendingQueue.TryPeek(out _, out var priority) && priority.DueTicks <= _time.GetUtcNow().UtcTicks));
        }
    }

    /// <summary>The number of messages not yet acked (leased, waiting for redelivery, or never delivered).</summary>
    public long BacklogCount()
    {
        lock (_lock)
        {
            return Math.Max(0, Topic.Log.NextSequence - _floor - _acked.Count);
        }
    }

    /// <summary>Messages published before this (Unix microseconds) are past the subscription's retention.</summary>
    private long PublishTimeCutoffMicros()
    {
        var cutoff = _time.GetUtcNow() - Settings.MessageRetentionDuration;
        return (cutoff.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
    }

    /// <summary>
    /// Records a sequence as done and advances the floor over done sequences. Returns whether the floor moved:
    /// the caller then tells the topic (<see cref="Topics.Topic.OnAckFloorAdvanced"/>) after releasing the lock,
    /// since truncating may delete segment files. Lock must be held.
    /// </summary>
    private bool MarkDone(long sequence)
    {
        if (sequence < _floor)
        {
            return false;
        }
        _ordering?.Forget(sequence);
        NoteAckStateChanged();
        if (sequence != _floor)
        {
            _acked.Add(sequence);
            return false;
        }
        _floor++;
        while (_acked.Remove(_floor))
        {
            _floor++;
        }
        // Done sequences the floor passed at or above the cursor were acked ahead of it: the cursor skips them.
        _cursor = Math.Max(_cursor, _floor);
        return true;
    }
}
