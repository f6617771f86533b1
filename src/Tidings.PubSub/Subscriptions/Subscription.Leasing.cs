using System.Buffers;
using Tidings.PubSub.Consumers;
using Tidings.PubSub.Topics;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>Sequences waiting for (re)delivery, with the delivery attempts they already had.</summary>
    private readonly Dictionary<long, int> _pending = [];

    /// <summary>Redelivery order: due time, then sequence. Entries no longer in <see cref="_pending"/> are stale.</summary>
    private readonly PriorityQueue<long, (long DueTicks, long Sequence)> _pendingQueue = new();

    /// <summary>
    /// Sequences a <see cref="Lease"/> call picked and is reading outside the lock, with the delivery attempts they
    /// already had. Whoever removes a sequence from here owns its fate: the lease call that picked it, or an ack
    /// or dropped backlog in between (which the lease call then finds gone).
    /// </summary>
    private readonly Dictionary<long, int> _claims = [];

    /// <summary>
    /// Leases up to <paramref name="maxMessages"/> messages to <paramref name="consumer"/> within its flow-control
    /// window: due redeliveries first, then messages never delivered. Returns how many were added. An ordered
    /// subscription's calls take turns (<see cref="LeaseInOrder"/>).
    /// </summary>
    public int Lease(MessageConsumer consumer, int maxMessages, long maxBytes, List<LeasedMessage> into) =>
        _ordering is null
            ? LeaseRounds(consumer, maxMessages, maxBytes, into)
            : LeaseInOrder(consumer, maxMessages, maxBytes, into);

    /// <summary>The body of <see cref="Lease"/>.</summary>
    /// <remarks>
    /// Reading a message may go to disk, so it happens outside the lock, in rounds: pick sequences (claim them)
    /// under the lock, read them without it, then lease what is still claimed under the lock again. A round
    /// picks about as many as the byte room left should take (one at first, not knowing the sizes yet), so a
    /// batch of large messages does not read far more than it delivers. Claimed messages cannot be truncated
    /// (claims stay at or above the floor); ones acked or dropped in between are skipped, and ones the window no
    /// longer admits go back for redelivery, due now.
    /// </remarks>
    private int LeaseRounds(MessageConsumer consumer, int maxMessages, long maxBytes, List<LeasedMessage> into)
    {
        var log = Topic.Log;
        var batch = new LeaseBatch(consumer, maxBytes);
        lock (_lock)
        {
            if (IsDetached)
            {
                return 0;
            }
            batch.Budget = FairShare(consumer.RemainingMessages(maxMessages), log);
        }
        var round = 1;
        while (!batch.Stopped && batch.Added < batch.Budget)
        {
            List<(long Sequence, int Attempts)> claimed;
            lock (_lock)
            {
                var count = Math.Min(round, batch.Budget - batch.Added);
                claimed = _ordering is null ? Claim(log, count) : ClaimInOrder(consumer, log, count);
            }
            if (claimed.Count == 0)
            {
                break;
            }
            var messages = Read(log, claimed);
            lock (_lock)
            {
                Commit(batch, claimed, messages, into);
                round = batch.NextRound(round);
            }
        }
        if (batch.Returned)
        {
            NotifyMessagesAvailable();
        }
        if (batch.FloorMoved)
        {
            Topic.OnAckFloorAdvanced(AckFloor);
        }
        return batch.Added;
    }

    /// <summary>Claims up to <paramref name="count"/> sequences: due redeliveries first, then the cursor's. Lock must be held.</summary>
    private List<(long Sequence, int Attempts)> Claim(IMessageLog log, int count)
    {
        var claimed = new List<(long, int)>(count);
        if (IsDetached)
        {
            return claimed;
        }
        var now = _time.GetUtcNow().UtcTicks;
        while (claimed.Count < count && _pendingQueue.TryPeek(out var sequence, out var priority) && priority.DueTicks <= now)
        {
            _pendingQueue.Dequeue();
            if (_pending.Remove(sequence, out var attempts))
            {
                _claims[sequence] = attempts;
                claimed.Add((sequence, attempts));
            }
        }
        var end = log.NextSequence;
        while (claimed.Count < count && _cursor < end)
        {
            var sequence = _cursor++;
            if (_acked.Count > 0 && _acked.Contains(sequence))
            {
                continue; // acked before a restart, or acked ahead of the cursor
            }
            var failures = TakeRestoredFailures(sequence);
            _claims[sequence] = failures;
            claimed.Add((sequence, failures));
        }
        return claimed;
    }

    /// <summary>
    /// Reads the claimed messages, without the lock; null where the log no longer has one. A failed read (a
    /// damaged record) returns every claim for redelivery before its error goes up, so nothing stays claimed.
    /// </summary>
    private StoredMessage?[] Read(IMessageLog log, List<(long Sequence, int Attempts)> claimed)
    {
        var messages = new StoredMessage?[claimed.Count];
        var sequences = ArrayPool<long>.Shared.Rent(claimed.Count);
        try
        {
            for (var i = 0; i < claimed.Count; i++)
            {
                sequences[i] = claimed[i].Sequence;
            }
            log.TryReadMany(sequences.AsSpan(0, claimed.Count), messages); // a backlog's run is read at once
            return messages;
        }
        catch
        {
            lock (_lock)
            {
                var now = _time.GetUtcNow().UtcTicks;
                foreach (var (sequence, attempts) in claimed)
                {
                    if (_claims.Remove(sequence))
                    {
                        ReturnClaim(sequence, attempts, now);
                    }
                }
            }
            throw;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(sequences);
        }
    }

    /// <summary>Leases the claimed messages that are still claimed, in order, while the batch admits them. Lock must be held.</summary>
    private void Commit(LeaseBatch batch, List<(long Sequence, int Attempts)> claimed, StoredMessage?[] messages, List<LeasedMessage> into)
    {
        var now = _time.GetUtcNow().UtcTicks;
        var oldestKept = PublishTimeCutoffMicros();
        for (var i = 0; i < claimed.Count; i++)
        {
            var (sequence, attempts) = claimed[i];
            if (!_claims.Remove(sequence))
            {
                continue; // acked, or the backlog was dropped, while it was being read
            }
            if (IsDetached)
            {
                continue; // DropBacklog follows and settles it
            }
            if (messages[i] is not { } message || message.PublishTimeUnixMicros < oldestKept || IsFilteredOut(message))
            {
                batch.FloorMoved |= MarkDone(sequence);
                continue;
            }
            if (_ordering is not null && message.OrderingKey.Length > 0)
            {
                CommitInOrder(batch, sequence, attempts, message, now, into);
                continue;
            }
            if (batch.Stopped || !batch.Admits(message))
            {
                batch.Stopped = true;
                batch.Returned = true;
                ReturnClaim(sequence, attempts, now);
                continue;
            }
            into.Add(CreateLease(batch.Consumer, sequence, message, attempts + 1, now));
            batch.Add(message);
        }
    }

    /// <summary>Puts a claimed sequence back for delivery, due now. Lock must be held.</summary>
    private void ReturnClaim(long sequence, int attempts, long nowTicks)
    {
        if (_ordering is not null && _ordering.ReturnClaim(sequence, attempts))
        {
            return;
        }
        _pending[sequence] = attempts;
        _pendingQueue.Enqueue(sequence, (nowTicks, sequence));
    }

    /// <summary>
    /// With several consumers waiting, one batch takes only its share of what is available, so competing
    /// streams and clients split a backlog instead of the first one taking it all. Lock must be held.
    /// </summary>
    private int FairShare(int budget, IMessageLog log)
    {
        var consumers = _consumers.Length;
        if (consumers <= 1 || budget <= 1)
        {
            return budget;
        }
        var available = log.NextSequence - _cursor + _pending.Count + (_ordering?.WaitingCount ?? 0);
        var share = (available + consumers - 1) / consumers;
        return (int)Math.Clamp(share, 1, budget);
    }

    /// <summary>Lock must be held.</summary>
    private LeasedMessage CreateLease(MessageConsumer consumer, long sequence, StoredMessage message, int deliveryAttempt, long nowTicks)
    {
        var generation = ++_nextGeneration;
        var deadline = nowTicks + TimeSpan.TicksPerSecond * consumer.AckDeadlineSeconds;
        var lease = new Lease(sequence, generation, deliveryAttempt, deadline, consumer, message.Size);
        _leases[sequence] = lease;
        consumer.OutstandingMessages++;
        consumer.OutstandingBytes += message.Size;
        ScheduleDeadline(lease);
        return new LeasedMessage(new AckId(Id, sequence, generation), MessageIds.Format(Topic.Log.LogId, sequence), message, deliveryAttempt);
    }
}
