using Tidings.PubSub.Consumers;
using Tidings.PubSub.Topics;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>Sequences waiting for redelivery, with the delivery attempts they already had.</summary>
    private readonly Dictionary<long, int> _pending = [];

    /// <summary>Redelivery order: due time, then sequence. Entries no longer in <see cref="_pending"/> are stale.</summary>
    private readonly PriorityQueue<long, (long DueTicks, long Sequence)> _pendingQueue = new();

    /// <summary>
    /// Leases up to <paramref name="maxMessages"/> messages to <paramref name="consumer"/> within its flow-control
    /// window: due redeliveries first, then messages never delivered. Returns how many were added.
    /// </summary>
    public int Lease(MessageConsumer consumer, int maxMessages, long maxBytes, List<LeasedMessage> into)
    {
        var added = 0;
        long bytes = 0;
        var log = Topic.Log;
        lock (_lock)
        {
            if (IsDetached)
            {
                return 0;
            }
            var now = _time.GetUtcNow().UtcTicks;
            var oldestKept = PublishTimeCutoffMicros();
            var budget = FairShare(consumer.RemainingMessages(maxMessages), log);

            while (added < budget && _pendingQueue.TryPeek(out var sequence, out var priority) && priority.DueTicks <= now)
            {
                if (!_pending.TryGetValue(sequence, out var attempts))
                {
                    _pendingQueue.Dequeue();
                    continue;
                }
                if (!log.TryRead(sequence, out var message) || message.PublishTimeUnixMicros < oldestKept)
                {
                    _pendingQueue.Dequeue();
                    _pending.Remove(sequence);
                    MarkDone(sequence);
                    continue;
                }
                if (!Admits(consumer, message, bytes, maxBytes, added))
                {
                    break;
                }
                _pendingQueue.Dequeue();
                _pending.Remove(sequence);
                into.Add(CreateLease(consumer, sequence, message, attempts + 1, now));
                bytes += message.Size;
                added++;
            }

            var end = log.NextSequence;
            while (added < budget && _cursor < end)
            {
                var sequence = _cursor;
                if (_acked.Count > 0 && _acked.Contains(sequence))
                {
                    _cursor++; // acked before a restart, or acked ahead of the cursor
                    continue;
                }
                if (!log.TryRead(sequence, out var message) || message.PublishTimeUnixMicros < oldestKept)
                {
                    _cursor++;
                    MarkDone(sequence);
                    continue;
                }
                if (!Admits(consumer, message, bytes, maxBytes, added))
                {
                    break;
                }
                _cursor++;
                into.Add(CreateLease(consumer, sequence, message, 1, now));
                bytes += message.Size;
                added++;
            }
        }
        return added;
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
        var available = log.NextSequence - _cursor + _pending.Count;
        var share = (available + consumers - 1) / consumers;
        return (int)Math.Clamp(share, 1, budget);
    }

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

    /// <summary>
    /// The batch stays under the response size (its first message always fits) and the consumer's byte window
    /// admits the message; the window already counts the batch's earlier messages, leased as they were added.
    /// </summary>
    private static bool Admits(MessageConsumer consumer, StoredMessage message, long batchBytes, long maxBatchBytes, int batchCount) =>
        (batchCount == 0 || batchBytes + message.Size <= maxBatchBytes) && consumer.AdmitsBytes(message.Size);

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

    /// <summary>Messages published before this (Unix microseconds) are past the subscription's retention.</summary>
    private long PublishTimeCutoffMicros()
    {
        var cutoff = _time.GetUtcNow() - Settings.MessageRetentionDuration;
        return (cutoff.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
    }

    /// <summary>Records a sequence as done and advances the floor over done sequences. Lock must be held.</summary>
    private void MarkDone(long sequence)
    {
        if (sequence < _floor)
        {
            return;
        }
        _ackStateVersion++;
        if (sequence != _floor)
        {
            _acked.Add(sequence);
            return;
        }
        _floor++;
        while (_acked.Remove(_floor))
        {
            _floor++;
        }
        Topic.OnAckFloorAdvanced(_floor);
    }
}
