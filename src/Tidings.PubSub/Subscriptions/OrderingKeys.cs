using System.Runtime.InteropServices;
using Tidings.PubSub.Consumers;

namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// The ordering keys of one subscription with message ordering: which consumer each key is bound to, which of its
/// messages are in flight and which wait. A message's key is known only once it was read from the log, so a key
/// appears when a lease call reads its first message and is dropped once nothing of it is left. Every member runs
/// under the subscription's lock.
/// <para>
/// Keys with waiting messages sit in ready queues: one per stream for the keys bound to it, and one of free keys that
/// any consumer may take. An entry whose key was queued elsewhere since is stale and skipped; a key found in a queue
/// its binding no longer calls for is moved to the right one.
/// </para>
/// </summary>
/// <param name="notifyAll">Wakes every consumer of the subscription (a key became free for them).</param>
internal sealed class OrderingKeys(Action notifyAll)
{
    /// <summary>
    /// Past this many waiting messages, lease calls stop reading new messages from the log, so a key whose consumer
    /// is slow cannot make the subscription hold its whole backlog in memory; the waiting messages keep flowing.
    /// </summary>
    public const int MaxWaiting = 100_000;

    /// <summary>
    /// A lease call that parked this many messages (read them for keys bound elsewhere) stops and wakes its consumer
    /// to come back, so the lease calls it serialises with get their turn in between.
    /// </summary>
    public const int MaxParkedPerLease = 1000;

    private readonly Dictionary<string, OrderingKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<long, KeyedSequence> _sequences = [];
    private readonly Queue<OrderingKey> _free = new();
    private readonly Dictionary<MessageConsumer, Queue<OrderingKey>> _bound = [];

    /// <summary>Messages waiting in their keys, across all keys.</summary>
    public int WaitingCount { get; private set; }

    /// <summary>Messages the current lease call parked (see <see cref="MaxParkedPerLease"/>).</summary>
    public int ParkedThisLease { get; private set; }

    /// <summary>Set while lease calls skip the log because <see cref="MaxWaiting"/> was reached.</summary>
    public bool LogHeld { get; set; }

    /// <summary>Keys with something left (for tests).</summary>
    public int KeyCount => _keys.Count;

    public void BeginLease() => ParkedThisLease = 0;

    public bool TryGet(long sequence, out KeyedSequence entry) => _sequences.TryGetValue(sequence, out entry);

    public OrderingKey GetOrAdd(string name)
    {
        ref var key = ref CollectionsMarshal.GetValueRefOrAddDefault(_keys, name, out _);
        return key ??= new OrderingKey(name);
    }

    /// <summary>
    /// Whether the key's next message may go to <paramref name="consumer"/>: for one message per key, only when none
    /// is in flight; for a stream, when the key is free or already bound to it.
    /// </summary>
    public static bool CanTake(OrderingKey key, MessageConsumer consumer) =>
        consumer.OneMessagePerOrderingKey ? key.InFlight.Count == 0 : key.Owner is null || key.Owner == consumer;

    /// <summary>An earlier message of the key waits, so <paramref name="sequence"/> must wait behind it.</summary>
    public bool HasWaitingBefore(OrderingKey key, long sequence) => TryPeekWaiting(key, out var first) && first < sequence;

    /// <summary>Puts a message in its key's waiting queue (the caller schedules the key).</summary>
    public void Park(OrderingKey key, long sequence, int attempts)
    {
        _sequences[sequence] = new KeyedSequence(key, KeyedSequenceState.Waiting, attempts);
        key.Waiting.Enqueue((sequence, attempts), sequence);
        key.WaitingCount++;
        WaitingCount++;
    }

    /// <summary>Counts a message a lease call read and could not deliver to its consumer.</summary>
    public void NoteParked() => ParkedThisLease++;

    /// <summary>A lease call is done reading a sequence it claimed from a key; the caller leases or parks it next.</summary>
    public void EndClaim(long sequence)
    {
        if (_sequences.TryGetValue(sequence, out var entry) && entry.State == KeyedSequenceState.Claimed)
        {
            _sequences.Remove(sequence);
            entry.Key.Claimed--;
        }
    }

    /// <summary>A claimed sequence goes back to its key unread (the read failed). False when it is not a key's claim.</summary>
    public bool ReturnClaim(long sequence, int attempts)
    {
        if (!_sequences.TryGetValue(sequence, out var entry) || entry.State != KeyedSequenceState.Claimed)
        {
            return false;
        }
        entry.Key.Claimed--;
        Park(entry.Key, sequence, attempts);
        Schedule(entry.Key, again: true);
        return true;
    }

    /// <summary>The message was leased to <paramref name="consumer"/>, which the key is bound to from now on.</summary>
    public void MarkInFlight(OrderingKey key, long sequence, int deliveryAttempt, MessageConsumer consumer)
    {
        key.InFlight.Add(sequence);
        key.Owner = consumer;
        _sequences[sequence] = new KeyedSequence(key, KeyedSequenceState.InFlight, deliveryAttempt);
    }

    public void MarkAckedAhead(long sequence, KeyedSequence entry) =>
        _sequences[sequence] = entry with { State = KeyedSequenceState.AckedAhead };

    /// <summary>
    /// Sends <paramref name="sequence"/> and every later message of its key in flight back to the key's waiting
    /// queue, and lists them in <paramref name="returned"/> so the caller ends their leases. The key stays bound
    /// while earlier messages remain in flight.
    /// </summary>
    public void ReturnRun(OrderingKey key, long sequence, List<long> returned)
    {
        key.InFlight.TakeFrom(sequence, returned);
        foreach (var taken in returned)
        {
            Park(key, taken, _sequences[taken].Attempts);
        }
        var freed = key.InFlight.Count == 0;
        if (freed)
        {
            key.Owner = null;
        }
        Schedule(key, again: freed);
    }

    /// <summary>
    /// Drops a done sequence (acked, or past retention) from its key, whatever it stood at. When that ends the key's
    /// messages in flight, the key is free again for any consumer.
    /// </summary>
    public void Forget(long sequence)
    {
        if (!_sequences.Remove(sequence, out var entry))
        {
            return;
        }
        var key = entry.Key;
        switch (entry.State)
        {
            case KeyedSequenceState.Waiting:
                key.WaitingCount--;
                WaitingCount--;
                break;
            case KeyedSequenceState.Claimed:
                key.Claimed--;
                break;
            default:
                key.InFlight.Remove(sequence);
                if (key.InFlight.Count == 0)
                {
                    key.Owner = null;
                    Schedule(key, again: true);
                }
                break;
        }
        if (key.IsIdle && !key.Removed)
        {
            _keys.Remove(key.Name);
            key.Removed = true;
        }
    }

    /// <summary>
    /// Adds the keyed messages that failed delivery at least once and that only the keys hold, with their failures,
    /// for the checkpoint: waiting (every delivery so far failed, or was taken back with an earlier one) or acked
    /// ahead (all but the last delivery). Claimed and in-flight ones are counted with the subscription's claims and
    /// leases.
    /// </summary>
    public void AddFailures(List<(long Sequence, int Failures)> into)
    {
        foreach (var (sequence, entry) in _sequences)
        {
            var failures = entry.State switch
            {
                KeyedSequenceState.Waiting => entry.Attempts,
                KeyedSequenceState.AckedAhead => entry.Attempts - 1,
                _ => 0,
            };
            if (failures > 0)
            {
                into.Add((sequence, failures));
            }
        }
    }

    /// <summary>
    /// Claims up to <paramref name="count"/> waiting messages that <paramref name="consumer"/> may have, in key order:
    /// first from keys bound to it, then from free keys (at most one per key for one message per key).
    /// </summary>
    public void ClaimFor(MessageConsumer consumer, int count, long nowTicks, List<(long Sequence, int Attempts)> into)
    {
        if (!consumer.OneMessagePerOrderingKey && _bound.TryGetValue(consumer, out var bound))
        {
            Drain(bound, consumer, count, nowTicks, into);
        }
        if (into.Count < count)
        {
            Drain(_free, consumer, count, nowTicks, into);
        }
    }

    /// <summary>
    /// A stream went away: the keys bound to it are free for any consumer, even those with messages still in flight
    /// (their leases run on; a redelivery still takes the later ones back). Keys of one-message consumers stay
    /// bound until their message is done, as a Pull response or a push holds it.
    /// </summary>
    public void Release(MessageConsumer consumer)
    {
        if (consumer.OneMessagePerOrderingKey)
        {
            return;
        }
        _bound.Remove(consumer);
        foreach (var key in _keys.Values)
        {
            if (key.Owner == consumer)
            {
                key.Owner = null;
                Schedule(key, again: true);
            }
        }
    }

    /// <summary>The lowest sequence a key holds, in whatever state; <paramref name="limit"/> when none is lower.</summary>
    public long LowestSequence(long limit)
    {
        foreach (var sequence in _sequences.Keys)
        {
            limit = Math.Min(limit, sequence);
        }
        return limit;
    }

    public void Clear()
    {
        foreach (var key in _keys.Values)
        {
            key.Removed = true;
        }
        _keys.Clear();
        _sequences.Clear();
        _free.Clear();
        _bound.Clear();
        WaitingCount = 0;
        LogHeld = false;
    }

    /// <summary>
    /// Puts a key with waiting messages in the ready queue its binding calls for and wakes who may take them: the
    /// stream it is bound to, or every consumer when it is free. With <paramref name="again"/> they are woken even if
    /// the key was in that queue already (it just became free). A key bound to a one-message consumer waits for
    /// that message to end and is scheduled then.
    /// </summary>
    public void Schedule(OrderingKey key, bool again)
    {
        var target = TargetQueue(key);
        if (target is null || (key.QueuedIn == target && !again))
        {
            return;
        }
        if (key.QueuedIn != target)
        {
            key.QueuedIn = target;
            target.Enqueue(key);
        }
        if (key.Owner is { } owner)
        {
            owner.Signal.Set();
        }
        else
        {
            notifyAll();
        }
    }

    private Queue<OrderingKey>? TargetQueue(OrderingKey key)
    {
        if (key.Removed || key.WaitingCount == 0)
        {
            return null;
        }
        return key.Owner switch
        {
            null => _free,
            { OneMessagePerOrderingKey: true } => null,
            var owner => BoundQueue(owner),
        };
    }

    private Queue<OrderingKey> BoundQueue(MessageConsumer owner)
    {
        ref var queue = ref CollectionsMarshal.GetValueRefOrAddDefault(_bound, owner, out _);
        return queue ??= new Queue<OrderingKey>();
    }

    /// <summary>One pass over a ready queue: takes what the consumer may have, and leaves or moves the rest.</summary>
    private void Drain(Queue<OrderingKey> queue, MessageConsumer consumer, int count, long nowTicks, List<(long Sequence, int Attempts)> into)
    {
        List<OrderingKey>? passed = null;
        for (var left = queue.Count; left > 0 && into.Count < count && queue.TryDequeue(out var key); left--)
        {
            if (key.QueuedIn != queue)
            {
                continue; // stale: queued elsewhere since, or dropped
            }
            key.QueuedIn = null;
            if (key.NotBeforeTicks > nowTicks)
            {
                (passed ??= []).Add(key); // backing off: the retry wake-up brings the consumers back for it
                continue;
            }
            if (!CanTake(key, consumer))
            {
                if (key.Owner is null)
                {
                    // Free, but its earlier messages from a stream that went away are still in flight: a stream may
                    // take it, this one-message consumer may not.
                    (passed ??= []).Add(key);
                }
                else
                {
                    Schedule(key, again: false); // bound since it was queued here
                }
                continue;
            }
            var take = consumer.OneMessagePerOrderingKey ? 1 : count - into.Count;
            for (; take > 0 && TryTakeWaiting(key, out var next); take--)
            {
                _sequences[next.Sequence] = new KeyedSequence(key, KeyedSequenceState.Claimed, next.Attempts);
                key.Claimed++;
                key.WaitingCount--;
                WaitingCount--;
                into.Add(next);
            }
            // What is left waits at the back of the queue; nobody needs waking for it, as nobody else could take it before.
            if (TargetQueue(key) is { } target)
            {
                key.QueuedIn = target;
                target.Enqueue(key);
            }
        }
        foreach (var key in passed ?? [])
        {
            key.QueuedIn = queue;
            queue.Enqueue(key);
        }
    }

    private bool TryTakeWaiting(OrderingKey key, out (long Sequence, int Attempts) next)
    {
        while (key.Waiting.TryDequeue(out var entry, out _))
        {
            if (IsWaiting(key, entry.Sequence))
            {
                next = entry;
                return true;
            }
        }
        next = default;
        return false;
    }

    private bool TryPeekWaiting(OrderingKey key, out long first)
    {
        while (key.Waiting.TryPeek(out var entry, out _))
        {
            if (IsWaiting(key, entry.Sequence))
            {
                first = entry.Sequence;
                return true;
            }
            key.Waiting.Dequeue();
        }
        first = 0;
        return false;
    }

    private bool IsWaiting(OrderingKey key, long sequence) =>
        _sequences.TryGetValue(sequence, out var entry) && entry.Key == key && entry.State == KeyedSequenceState.Waiting;
}
