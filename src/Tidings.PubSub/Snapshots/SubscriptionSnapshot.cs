using Tidings.PubSub.Names;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub.Snapshots;

/// <summary>
/// A snapshot: a subscription's ack state (floor and acked set) when it was taken, on its topic's log. It holds
/// the log from its floor on while it lives, so a seek to it finds every message it leaves unacked: the unacked
/// backlog at creation and everything published since. Its ack state never changes; labels and expire times change under the
/// broker's registry lock (and are set once at creation, before the snapshot is listed).
/// </summary>
public sealed class SubscriptionSnapshot
{
    /// <summary>Google: a snapshot lives at most 7 days, counted from the oldest unacked message it holds.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <summary>Google refuses a snapshot that would expire within an hour of its creation.</summary>
    public static readonly TimeSpan MinLifetimeAtCreation = TimeSpan.FromHours(1);

    private long _expireTicks;

    internal SubscriptionSnapshot(ResourceName name, Topic? topic, string topicName, long logId, long floor, long[] ackedAbove, DateTimeOffset expireTime, DateTimeOffset maxExpireTime, IReadOnlyDictionary<string, string> labels)
    {
        Name = name;
        Topic = topic;
        TopicName = topicName;
        LogId = logId;
        Floor = floor;
        AckedAbove = ackedAbove;
        ExpireTime = expireTime;
        MaxExpireTime = maxExpireTime;
        Labels = labels;
    }

    public ResourceName Name { get; }

    /// <summary>The topic whose log the snapshot holds; null once that log is gone (its topic deleted with no subscription left).</summary>
    internal Topic? Topic { get; }

    /// <summary>The topic's full name when the snapshot was taken.</summary>
    internal string TopicName { get; }

    /// <summary>The log the snapshot's sequences are in: a topic re-created under the same name has another.</summary>
    internal long LogId { get; }

    /// <summary>Every sequence below it was done when the snapshot was taken.</summary>
    internal long Floor { get; }

    /// <summary>The sequences at or above <see cref="Floor"/> acked when the snapshot was taken.</summary>
    internal long[] AckedAbove { get; }

    /// <summary>Read without the registry lock, so kept as one 64-bit value (a <see cref="DateTimeOffset"/> could tear).</summary>
    public DateTimeOffset ExpireTime
    {
        get => new(Volatile.Read(ref _expireTicks), TimeSpan.Zero);
        internal set => Volatile.Write(ref _expireTicks, value.UtcTicks);
    }

    /// <summary>The latest expire time an update may set: 7 days after the oldest unacked message at creation.</summary>
    internal DateTimeOffset MaxExpireTime { get; set; }

    public IReadOnlyDictionary<string, string> Labels { get; internal set; }

    /// <summary>The topic name to report: <c>_deleted-topic_</c> once the topic was deleted, as for subscriptions.</summary>
    public string TopicNameForDisplay => Topic is null || Topic.IsDeleted ? Topics.Topic.DeletedTopicName : TopicName;
}
