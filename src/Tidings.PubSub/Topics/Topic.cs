using Tidings.PubSub.Names;
using Tidings.PubSub.Resources;
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

    private Subscription[] _subscriptions = [];
    private long _lastTruncation;

    internal Topic(ResourceName name, TopicSettings settings, IMessageLog log)
    {
        Name = name;
        Settings = settings;
        Log = log;
    }

    public ResourceName Name { get; }

    public TopicSettings Settings { get; internal set; }

    internal IMessageLog Log { get; }

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
    /// truncates in steps so the scan stays cheap.
    /// </summary>
    internal void OnAckFloorAdvanced(long floor)
    {
        if (floor - Volatile.Read(ref _lastTruncation) >= TruncateEvery)
        {
            TruncateUnneeded();
        }
    }

    /// <summary>Drops messages no subscription can deliver any more.</summary>
    internal void TruncateUnneeded()
    {
        if (Settings.MessageRetentionDuration is not null)
        {
            return; // Topic retention keeps messages for seeking; its time-based cleanup belongs to the seek feature.
        }
        var floor = Log.NextSequence;
        foreach (var subscription in Readers)
        {
            floor = Math.Min(floor, subscription.AckFloor);
        }
        Volatile.Write(ref _lastTruncation, floor);
        Log.TruncateBefore(floor);
    }
}
