using Tidings.PubSub.Consumers;
using Tidings.PubSub.Filters;
using Tidings.PubSub.Names;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// A subscription: a cursor over its topic's log plus per-message ack state, so fan-out costs no copies.
/// <para>
/// Invariant (under <see cref="_lock"/>): every sequence below <see cref="_floor"/> is done (acked, filtered or
/// expired); every sequence in [<see cref="_floor"/>, <see cref="_cursor"/>) is in exactly one of
/// <see cref="_acked"/>, <see cref="_leases"/>, <see cref="_pending"/>, <see cref="_claims"/> (being read by a
/// lease call) or <see cref="_deadLetters"/> (being forwarded to the dead-letter topic), or, with message ordering,
/// waiting in its ordering key or acked ahead of an earlier message of that key (<see cref="_ordering"/>); sequences
/// from <see cref="_cursor"/> on were not delivered since start-up, and those of them in <see cref="_acked"/> (acked
/// before a restart) are skipped.
/// </para>
/// <para>
/// The lock covers in-memory bookkeeping only: no message is read from the log and no file is deleted while it is
/// held (<see cref="Lease"/> reads between two short holds; truncation runs after release).
/// </para>
/// </summary>
public sealed partial class Subscription : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly HashSet<long> _acked = [];
    private readonly Dictionary<long, Lease> _leases = [];
    private long _floor;
    private long _cursor;
    private long _nextGeneration;
    private readonly long _bootGeneration;
    private MessageConsumer[] _consumers = [];

    internal Subscription(long id, ResourceName name, Topic topic, SubscriptionSettings settings, long startSequence, TimeProvider time)
    {
        Id = id;
        Name = name;
        Topic = topic;
        Settings = settings;
        Filter = MessageFilter.Compile(settings.Filter);
        _time = time;
        _floor = startSequence;
        _cursor = startSequence;
        // Generations of this run start above any a previous run could have issued (under a million deliveries a
        // second on average), so an ack id from before a restart is recognisable as such.
        _bootGeneration = time.GetUtcNow().ToUnixTimeMilliseconds() * 1024;
        _nextGeneration = _bootGeneration;
        _lastActiveMs = time.GetUtcNow().ToUnixTimeMilliseconds(); // creation is activity; recovery restores the stored time
        _ordering = settings.EnableMessageOrdering ? new OrderingKeys(NotifyMessagesAvailable) : null;
        _deadlineTimer = time.CreateTimer(static state => ((Subscription)state!).OnDeadlineTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Server-wide unique id; a subscription re-created under the same name gets a new one.</summary>
    public long Id { get; }

    public ResourceName Name { get; }

    /// <summary>The topic whose log this subscription reads, possibly deleted since.</summary>
    public Topic Topic { get; }

    public SubscriptionSettings Settings { get; internal set; }

    /// <summary>Set by DetachSubscription: the backlog is dropped and pulls fail.</summary>
    public bool IsDetached { get; internal set; }

    /// <summary>The topic name to report: the sentinel once the topic was deleted.</summary>
    public string TopicNameForDisplay => Topic.IsDeleted ? Topic.DeletedTopicName : Settings.Topic;

    /// <summary>Every sequence below this is done; the log may drop those messages.</summary>
    /// <remarks>Read without the lock (a 64-bit read is atomic), so a topic can scan its readers while one of them holds its own lock.</remarks>
    internal long AckFloor => Volatile.Read(ref _floor);

    /// <summary>For tests that check no I/O happens under the lock.</summary>
    internal bool IsLockHeldByCurrentThread => _lock.IsHeldByCurrentThread;

    /// <summary>Registers a receiver; it is woken when messages may be available. A subscriber connecting is activity.</summary>
    public MessageConsumer AddConsumer(int ackDeadlineSeconds, long maxOutstandingMessages, long maxOutstandingBytes) =>
        AddConsumer(ackDeadlineSeconds, maxOutstandingMessages, maxOutstandingBytes, isPush: false);

    /// <summary>Registers a subscriber or, with <paramref name="isPush"/>, the push dispatcher (which is no activity).</summary>
    internal MessageConsumer AddConsumer(int ackDeadlineSeconds, long maxOutstandingMessages, long maxOutstandingBytes, bool isPush)
    {
        var consumer = new MessageConsumer(ackDeadlineSeconds, maxOutstandingMessages, maxOutstandingBytes) { IsPush = isPush };
        if (!isPush)
        {
            MarkActive();
        }
        lock (_lock)
        {
            _consumers = [.. _consumers, consumer];
        }
        return consumer;
    }

    /// <summary>Unregisters a receiver. Its leases stay valid until acked, nacked or expired.</summary>
    public void RemoveConsumer(MessageConsumer consumer)
    {
        lock (_lock)
        {
            _consumers = [.. _consumers.Where(c => c != consumer)];
            _ordering?.Release(consumer);
        }
    }

    internal void NotifyMessagesAvailable()
    {
        foreach (var consumer in Volatile.Read(ref _consumers))
        {
            consumer.Signal.Set();
        }
    }

    /// <summary>Drops the whole backlog and every lease (detach, delete).</summary>
    internal void DropBacklog()
    {
        lock (_lock)
        {
            foreach (var lease in _leases.Values)
            {
                lease.Consumer.Release(lease.Size);
            }
            _leases.Clear();
            _acked.Clear();
            _pending.Clear();
            _claims.Clear();
            _pendingQueue.Clear();
            _deadLetters.Clear();
            _deadLettersToTake.Clear();
            _restoredFailures.Clear();
            _ordering?.Clear();
            _cursor = Math.Max(_cursor, Topic.Log.NextSequence);
            _floor = _cursor;
            NoteAckStateChanged();
        }
        NotifyMessagesAvailable();
    }

    public void Dispose()
    {
        _deadlineTimer.Dispose();
        lock (_lock)
        {
            _retryTimer?.Dispose();
            _retryTimerDueTicks = long.MinValue; // no wake-up is armed after this
        }
        NotifyMessagesAvailable();
    }
}
