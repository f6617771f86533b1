using Tidings.PubSub.ExactlyOnce;

namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>
    /// Acknowledges the message an ack id names. Acking an already acked, expired or unknown id is a no-op, as on
    /// Google's service without exactly-once delivery; a stale generation still acks the message.
    /// </summary>
    internal void Acknowledge(AckId ackId)
    {
        if (_ordering is not null && AcknowledgeInOrder(ackId))
        {
            return;
        }
        var floorMoved = false;
        lock (_lock)
        {
            var sequence = ackId.Sequence;
            if (sequence < _floor || ackId.Generation <= _seekFence)
            {
                return; // done already, or delivered before the last seek
            }
            if (sequence >= _cursor)
            {
                // Delivered before a restart and not yet again: the ack is remembered so the cursor skips it, or
                // moves the floor if the message is the oldest not done.
                if (ackId.Generation <= _bootGeneration && sequence < Topic.Log.NextSequence && !_acked.Contains(sequence))
                {
                    Counters.RecordAck();
                    floorMoved = MarkDone(sequence);
                }
            }
            else if (_leases.TryGetValue(sequence, out var lease))
            {
                floorMoved = AckLease(lease);
            }
            else if (_pending.Remove(sequence) || _claims.Remove(sequence) || _deadLetters.Remove(sequence))
            {
                // Waiting for redelivery, being read for it by a Lease call that will now find it gone, or being
                // dead-lettered (the forwarder will find it gone too).
                Counters.RecordAck();
                floorMoved = MarkDone(sequence);
            }
        }
        if (floorMoved)
        {
            Topic.OnAckFloorAdvanced(AckFloor); // outside the lock: truncating may delete segment files
        }
    }

    /// <summary>
    /// Sets a new deadline <paramref name="seconds"/> from now for the lease the ack id names; 0 nacks it for
    /// immediate redelivery. Ids of older deliveries are ignored.
    /// </summary>
    internal void ModifyAckDeadline(AckId ackId, int seconds)
    {
        var nacked = false;
        lock (_lock)
        {
            if (!_leases.TryGetValue(ackId.Sequence, out var lease) || lease.Generation != ackId.Generation)
            {
                return;
            }
            var now = _time.GetUtcNow().UtcTicks;
            if (seconds == 0)
            {
                Counters.RecordNack();
                ReturnForRedelivery(lease, now);
                nacked = true;
            }
            else
            {
                lease.DeadlineTicks = now + TimeSpan.TicksPerSecond * seconds;
                ScheduleDeadline(lease);
            }
        }
        if (nacked)
        {
            AfterDeliveryFailures();
        }
    }

    /// <summary>
    /// The exactly-once form of <see cref="Acknowledge"/>: acks only through the current, unexpired lease the id
    /// names (or repeats an ack whose saving failed) and says whether it did. With message ordering a keyed message
    /// is acked only in key order: acked ahead of an earlier message still leased, nothing changes and the client is
    /// told to retry. The caller then waits for the ack state to be saved before answering.
    /// </summary>
    internal ExactlyOnceAck TryAcknowledge(AckId ackId)
    {
        var floorMoved = false;
        lock (_lock)
        {
            if (_unsavedAcks.Contains(ackId))
            {
                return ExactlyOnceAck.Applied;
            }
            if (!TryGetCurrentLease(ackId, out var lease))
            {
                return ExactlyOnceAck.Invalid;
            }
            if (_ordering is not null && _ordering.TryGet(lease.Sequence, out var keyed))
            {
                if (keyed.Key.InFlight.First != lease.Sequence)
                {
                    return ExactlyOnceAck.Unordered;
                }
                floorMoved = AckKeyedLease(lease, keyed);
            }
            else
            {
                floorMoved = AckLease(lease);
            }
        }
        if (floorMoved)
        {
            Topic.OnAckFloorAdvanced(AckFloor);
        }
        return ExactlyOnceAck.Applied;
    }

    /// <summary>
    /// The exactly-once form of <see cref="ModifyAckDeadline"/>: changes only the current, unexpired lease the id
    /// names and says whether it did. The new deadline is part of the saved state, so the caller waits for a save.
    /// </summary>
    internal bool TryModifyAckDeadline(AckId ackId, int seconds)
    {
        var nacked = false;
        lock (_lock)
        {
            if (!TryGetCurrentLease(ackId, out var lease))
            {
                return false;
            }
            var now = _time.GetUtcNow().UtcTicks;
            if (seconds == 0)
            {
                Counters.RecordNack();
                ReturnForRedelivery(lease, now);
                nacked = true;
            }
            else
            {
                lease.DeadlineTicks = now + TimeSpan.TicksPerSecond * seconds;
                ScheduleDeadline(lease);
            }
            NoteAckStateChanged();
        }
        if (nacked)
        {
            AfterDeliveryFailures();
        }
        return true;
    }

    /// <summary>
    /// Ends a failed lease: its message is queued for redelivery (after the retry backoff) or dead-lettered. Lock
    /// must be held.
    /// </summary>
    private void ReturnForRedelivery(Lease lease, long nowTicks)
    {
        if (_ordering is not null && ReturnRunForRedelivery(lease))
        {
            return;
        }
        _leases.Remove(lease.Sequence);
        lease.Consumer.Release(lease.Size);
        OnDeliveryFailed(lease.Sequence, lease.DeliveryAttempt, nowTicks);
    }

    /// <summary>Ends a lease whose message is acked. Lock must be held.</summary>
    private bool AckLease(Lease lease)
    {
        Counters.RecordAck();
        _leases.Remove(lease.Sequence);
        lease.Consumer.Release(lease.Size);
        return MarkDone(lease.Sequence);
    }
}
