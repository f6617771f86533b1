using Tidings.PubSub.Consumers;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// Message ordering (<c>enable_message_ordering</c>, fixed at creation): the messages of one ordering key go to one
/// consumer at a time, in sequence (publish) order. Messages without a key, and every subscription without
/// ordering, take the ordinary path, which only checks that <see cref="_ordering"/> is null.
/// <list type="bullet">
/// <item>A key is bound to the consumer it was last delivered to while any of its messages are in flight; no other
/// consumer gets its messages meanwhile. A stream may hold several of a key, in order; a unary Pull or a push
/// (<see cref="MessageConsumer.OneMessagePerOrderingKey"/>) one at a time, as Google allows them. A stream that goes
/// away frees its keys; a key with nothing in flight is free.</item>
/// <item>A nacked or expired message is delivered again before any later message of its key, and the later ones
/// in flight go back with it, those acked meanwhile included: Google redelivers "every subsequent message with the
/// same ordering key, including acknowledged messages". So an ack counts only in key order: acked ahead of an
/// earlier message still leased, a message is done when that one is.</item>
/// <item>Only current leases ack a keyed message: an ack id of a delivery that was taken back, or from before a
/// restart, is ignored and the message comes again in its place (at least once, never out of order).</item>
/// <item>Keys never block each other; a message waits only behind earlier ones of its own key.</item>
/// <item>After a restart every unacked message is read again from the ack floor, in order; as acks count only in
/// key order, what was acked is a prefix of each key, so the order holds across restarts.</item>
/// </list>
/// </summary>
public sealed partial class Subscription
{
    /// <summary>
    /// Makes an ordered subscription's lease calls take turns (it is taken before <see cref="_lock"/>). A message's
    /// key is known only once it has been read, so a lease call must not deliver a message while another one is
    /// still reading an earlier message that could be of the same key.
    /// </summary>
    private readonly Lock _orderedLeaseLock = new();

    /// <summary>The ordering keys; null unless the subscription has message ordering (which cannot change).</summary>
    private readonly OrderingKeys? _ordering;

    /// <summary>The keys with messages left, for tests.</summary>
    internal int OrderingKeyCount
    {
        get { lock (_lock) { return _ordering?.KeyCount ?? 0; } }
    }

    /// <summary>One lease call at a time, and a fresh count of what it parks.</summary>
    private int LeaseInOrder(MessageConsumer consumer, int maxMessages, long maxBytes, List<LeasedMessage> into)
    {
        lock (_orderedLeaseLock)
        {
            lock (_lock)
            {
                _ordering!.BeginLease();
            }
            return LeaseRounds(consumer, maxMessages, maxBytes, into);
        }
    }

    /// <summary>
    /// Claims for an ordered subscription: waiting messages of keys the consumer may take first, then what
    /// <see cref="Claim"/> gives (due redeliveries of messages without a key, then the log). Lock must be held.
    /// </summary>
    private List<(long Sequence, int Attempts)> ClaimInOrder(MessageConsumer consumer, IMessageLog log, int count)
    {
        var ordering = _ordering!;
        var claimed = new List<(long Sequence, int Attempts)>(count);
        if (IsDetached)
        {
            return claimed;
        }
        if (ordering.ParkedThisLease >= OrderingKeys.MaxParkedPerLease)
        {
            consumer.Signal.Set(); // more may be there for it: its loop comes back after the others had their turn
            return claimed;
        }
        ordering.ClaimFor(consumer, count, _time.GetUtcNow().UtcTicks, claimed);
        foreach (var (sequence, attempts) in claimed)
        {
            _claims[sequence] = attempts;
        }
        if (ordering.LogHeld && ordering.WaitingCount < OrderingKeys.MaxWaiting / 2)
        {
            ordering.LogHeld = false;
            NotifyMessagesAvailable();
        }
        if (claimed.Count < count)
        {
            if (ordering.WaitingCount >= OrderingKeys.MaxWaiting)
            {
                ordering.LogHeld = true;
            }
            else
            {
                claimed.AddRange(Claim(log, count - claimed.Count));
            }
        }
        return claimed;
    }

    /// <summary>
    /// Leases a claimed message with an ordering key to the batch's consumer if its key allows, or parks it behind
    /// its key. Lock must be held.
    /// </summary>
    private void CommitInOrder(LeaseBatch batch, long sequence, int attempts, StoredMessage message, long nowTicks, List<LeasedMessage> into)
    {
        var ordering = _ordering!;
        var key = ordering.GetOrAdd(message.OrderingKey);
        ordering.EndClaim(sequence);
        if (ordering.HasWaitingBefore(key, sequence) || !OrderingKeys.CanTake(key, batch.Consumer))
        {
            ordering.Park(key, sequence, attempts);
            ordering.NoteParked();
            ordering.Schedule(key, again: false);
            return;
        }
        if (batch.Stopped || !batch.Admits(message))
        {
            batch.Stopped = true;
            ordering.Park(key, sequence, attempts);
            ordering.Schedule(key, again: true);
            return;
        }
        into.Add(CreateLease(batch.Consumer, sequence, message, attempts + 1, nowTicks));
        batch.Add(message);
        ordering.MarkInFlight(key, sequence, attempts + 1, batch.Consumer);
    }

    /// <summary>
    /// The ordered subscription's part of <see cref="Acknowledge"/>: returns false for a message without a key,
    /// which is acked as on any subscription.
    /// </summary>
    private bool AcknowledgeInOrder(AckId ackId)
    {
        var floorMoved = false;
        lock (_lock)
        {
            var sequence = ackId.Sequence;
            if (sequence < _floor || ackId.Generation <= _bootGeneration || ackId.Generation <= _seekFence)
            {
                return true; // done already, or from before a restart or a seek: the message comes again in its place
            }
            if (!_ordering!.TryGet(sequence, out var entry))
            {
                return false;
            }
            if (entry.State != KeyedSequenceState.InFlight || !_leases.TryGetValue(sequence, out var lease) || lease.Generation != ackId.Generation)
            {
                return true; // a delivery taken back since: the message comes again
            }
            floorMoved = AckKeyedLease(lease, entry);
        }
        if (floorMoved)
        {
            Topic.OnAckFloorAdvanced(AckFloor);
        }
        return true;
    }

    /// <summary>
    /// Ends the current lease of a keyed message that is acked: it is done, with the messages acked ahead of it, if it
    /// is the first of its key in flight; otherwise it waits, acked ahead. Returns whether the ack floor moved. Lock
    /// must be held.
    /// </summary>
    private bool AckKeyedLease(Lease lease, KeyedSequence entry)
    {
        var sequence = lease.Sequence;
        Counters.RecordAck();
        _leases.Remove(sequence);
        lease.Consumer.Release(lease.Size);
        var run = entry.Key.InFlight;
        if (run.First != sequence)
        {
            _ordering!.MarkAckedAhead(sequence, entry);
            return false;
        }
        var floorMoved = MarkDone(sequence);
        while (run.Count > 0 && _ordering!.TryGet(run.First, out var next) && next.State == KeyedSequenceState.AckedAhead)
        {
            floorMoved |= MarkDone(run.First);
        }
        return floorMoved;
    }

    /// <summary>
    /// The ordered subscription's part of <see cref="ReturnForRedelivery"/>: a keyed message goes back to its key,
    /// taking the later ones in flight with it, unless its dead-letter attempts are used up. False for a message
    /// without a key. Lock must be held.
    /// </summary>
    private bool ReturnRunForRedelivery(Lease lease)
    {
        var ordering = _ordering!;
        if (!ordering.TryGet(lease.Sequence, out var entry) || entry.State != KeyedSequenceState.InFlight)
        {
            return false;
        }
        var returned = new List<long>();
        ordering.ReturnRun(entry.Key, lease.Sequence, returned);
        foreach (var sequence in returned)
        {
            if (_leases.Remove(sequence, out var taken))
            {
                taken.Consumer.Release(taken.Size);
            }
        }
        if (Settings.DeadLetterPolicy is { } policy && lease.DeliveryAttempt >= policy.MaxDeliveryAttempts)
        {
            // Its attempts are used up: it leaves its key for the dead-letter topic and the key goes on without it.
            // Should forwarding fail, it is queued again and rejoins the key in sequence order.
            ordering.Forget(lease.Sequence);
            QueueDeadLetter(lease.Sequence, lease.DeliveryAttempt);
            return true;
        }
        // The key waits out the retry backoff of its failed message; the later ones wait behind it anyway.
        var backoff = RetryBackoff.Delay(Settings.RetryPolicy, lease.DeliveryAttempt);
        if (backoff > TimeSpan.Zero)
        {
            var due = _time.GetUtcNow().UtcTicks + backoff.Ticks;
            entry.Key.NotBeforeTicks = due;
            ScheduleRetryWakeup(due);
        }
        NoteFailedAttempts();
        return true;
    }
}
