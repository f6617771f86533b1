using Tidings.PubSub.Names;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Snapshots;
using Tidings.PubSub.Subscriptions;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Topics;

/// <summary>
/// A topic and its message log. The object outlives the topic's deletion while subscriptions still read the log:
/// they then report the <c>_deleted-topic_</c> sentinel but keep their backlog.
/// </summary>
public sealed class Topic
{
    public const string DeletedTopicName = "_deleted-topic_";
    private const long TruncateEvery = 1024;

    /// <summary>
    /// Serialises truncation with whatever lowers a subscription's floor (seek) or changes a hold. Lock order:
    /// registry, truncation, checkpointer gate, subscription, log.
    /// </summary>
    private readonly Lock _truncateLock = new();
    private Subscription[] _subscriptions = [];
    private SubscriptionSnapshot[] _snapshots = []; // copy-on-write; replaced under the truncation lock
    private long _lastTruncation;
    private long _retentionHold;
    private long _holdVersion; // truncation lock

    internal Topic(ResourceName name, TopicSettings settings, IMessageLog log)
    {
        Name = name;
        Settings = settings;
        Log = log;
        // Until the first retention sweep, a topic with retention keeps everything; one without needs none.
        _retentionHold = settings.MessageRetentionDuration is null ? long.MaxValue : 0;
    }

    public ResourceName Name { get; }

    public TopicSettings Settings { get; internal set; }

    internal IMessageLog Log { get; }

    /// <summary>Publish counts since the server started, for metrics and the console.</summary>
    internal Monitoring.TopicCounters Counters { get; } = new();

    /// <summary>Set once the topic was deleted; written under the broker's registry lock.</summary>
    public bool IsDeleted { get; internal set; }

    /// <summary>Every subscription reading this log, attached or not (copy-on-write; replaced under the registry lock).</summary>
    internal IReadOnlyList<Subscription> Readers => Volatile.Read(ref _subscriptions);

    internal void AddReader(Subscription subscription) =>
        Volatile.Write(ref _subscriptions, [.. _subscriptions, subscription]);

    internal void RemoveReader(Subscription subscription) =>
        Volatile.Write(ref _subscriptions, [.. _subscriptions.Where(s => s != subscription)]);

    /// <summary>
    /// Tells every subscription of an append (<paramref name="messages"/> from sequence <paramref name="first"/>
    /// on): each settles what its filter rejects and wakes its waiting consumers.
    /// </summary>
    internal void NotifyAppended(long first, IReadOnlyList<StoredMessage> messages)
    {
        var readers = Readers;
        if (readers.Count == 0)
        {
            TruncateUnneeded();
            return;
        }
        foreach (var subscription in readers)
        {
            subscription.OnAppended(first, messages);
        }
    }

    /// <summary>
    /// Called when a subscription's ack floor moved, never under its lock (truncating may delete segment files);
    /// truncates in steps so the scan stays cheap, and not at all while another truncation runs (the next step will).
    /// </summary>
    internal void OnAckFloorAdvanced(long floor)
    {
        if (floor - Volatile.Read(ref _lastTruncation) >= TruncateEvery)
        {
            TruncateUnneeded(wait: false);
        }
    }

    /// <summary>
    /// The lowest sequence the topic's retention rules still need (its <c>message_retention_duration</c> and its
    /// subscriptions' <c>retain_acked_messages</c>), as the last retention sweep computed it; <see cref="long.MaxValue"/>
    /// when no rule holds anything. Only ever too low between sweeps (time moves on), never too high.
    /// </summary>
    internal long RetentionHold => Volatile.Read(ref _retentionHold);

    /// <summary>
    /// Keeps everything the log holds now until the next retention sweep computes the exact hold: called when a
    /// retention rule is switched on, so nothing it covers is dropped in between.
    /// </summary>
    internal void HoldEverything()
    {
        lock (_truncateLock)
        {
            Volatile.Write(ref _retentionHold, 0);
            _holdVersion++;
        }
    }

    /// <summary>Changes with every <see cref="HoldEverything"/>; read by the sweep before it computes a hold.</summary>
    internal long HoldVersion
    {
        get { lock (_truncateLock) { return _holdVersion; } }
    }

    /// <summary>
    /// Sets the hold the retention sweep computed, unless a rule was switched on since it read
    /// <paramref name="version"/> (its hold would not cover the new rule), then drops what nothing needs any more.
    /// </summary>
    internal void SetRetentionHold(long hold, long version)
    {
        lock (_truncateLock)
        {
            if (_holdVersion != version)
            {
                return;
            }
            Volatile.Write(ref _retentionHold, hold);
        }
        TruncateUnneeded();
    }

    /// <summary>Live snapshots of this log; each holds it from its floor on.</summary>
    internal IReadOnlyList<SubscriptionSnapshot> Snapshots => Volatile.Read(ref _snapshots);

    /// <summary>Starts holding the log for a snapshot. Truncation lock must be held (<see cref="UnderTruncationLock"/>).</summary>
    internal void AddSnapshotHold(SubscriptionSnapshot snapshot) =>
        Volatile.Write(ref _snapshots, [.. _snapshots, snapshot]);

    /// <summary>Stops holding the log for a snapshot (deleted or expired); truncates what nothing needs any more.</summary>
    internal void RemoveSnapshotHold(SubscriptionSnapshot snapshot)
    {
        lock (_truncateLock)
        {
            Volatile.Write(ref _snapshots, [.. _snapshots.Where(s => s != snapshot)]);
        }
        TruncateUnneeded();
    }

    /// <summary>
    /// Runs <paramref name="change"/> under the truncation lock: for whatever lowers a subscription's floor (seek) or
    /// adds or removes a hold (snapshots), so no truncation computes its minimum from the state before and cuts after.
    /// </summary>
    internal void UnderTruncationLock(Action change)
    {
        lock (_truncateLock)
        {
            change();
        }
    }

    /// <summary>
    /// Drops messages nothing needs any more: below every attached subscription's ack floor, the retention hold and
    /// every live snapshot's floor.
    /// Runs under the truncation lock, which whatever lowers a floor or drops a hold also takes, so a minimum computed
    /// here is never stale when the log is cut. Never called under a subscription's lock.
    /// </summary>
    internal void TruncateUnneeded() => TruncateUnneeded(wait: true);

    private void TruncateUnneeded(bool wait)
    {
        if (!wait && !_truncateLock.TryEnter())
        {
            return;
        }
        if (wait)
        {
            _truncateLock.Enter();
        }
        try
        {
            var floor = Math.Min(Log.NextSequence, RetentionHold);
            foreach (var subscription in Readers)
            {
                floor = Math.Min(floor, subscription.AckFloor);
            }
            foreach (var snapshot in Snapshots)
            {
                floor = Math.Min(floor, snapshot.Floor);
            }
            Volatile.Write(ref _lastTruncation, floor);
            Log.TruncateBefore(floor);
        }
        finally
        {
            _truncateLock.Exit();
        }
    }
}
