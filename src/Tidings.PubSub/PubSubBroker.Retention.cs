using Microsoft.Extensions.Logging;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub;

/// <summary>
/// Retention (docs/seek-and-snapshots.md): a topic's <c>message_retention_duration</c> keeps every message published
/// within it, a subscription's <c>retain_acked_messages</c> keeps its acked messages for its own retention, and a
/// subscription's unacked messages older than its retention are dropped. One sweep per expiry interval turns those
/// times into sequences (reading the log, so on no lock but each topic's truncation lock for the moment it sets the
/// hold) and lets each topic truncate what nothing needs any more.
/// </summary>
public sealed partial class PubSubBroker
{
    /// <summary>Recomputes every topic's retention hold and expires messages past their subscription's retention. Callable from tests.</summary>
    internal void SweepRetention()
    {
        var now = _time.GetUtcNow();
        var topics = new HashSet<Topic>(_topics.Values);
        foreach (var subscription in _subscriptions.Values)
        {
            if (!subscription.IsDetached)
            {
                topics.Add(subscription.Topic);
            }
        }
        foreach (var topic in topics)
        {
            SweepRetention(topic, now);
        }
    }

    private static void SweepRetention(Topic topic, DateTimeOffset now)
    {
        var version = topic.HoldVersion;
        var log = topic.Log;
        var hold = long.MaxValue;
        if (!topic.IsDeleted && topic.Settings.MessageRetentionDuration is { } topicRetention)
        {
            hold = PublishTimeIndex.FirstAtOrAfter(log, PublishTimeIndex.ToMicros(now - topicRetention));
        }
        var boundaries = new Dictionary<TimeSpan, long>(); // subscriptions mostly share a retention: one search each
        foreach (var subscription in topic.Readers)
        {
            var retention = subscription.Settings.MessageRetentionDuration;
            if (!boundaries.TryGetValue(retention, out var retained))
            {
                retained = PublishTimeIndex.FirstAtOrAfter(log, PublishTimeIndex.ToMicros(now - retention));
                boundaries[retention] = retained;
            }
            if (subscription.Settings.RetainAckedMessages)
            {
                hold = Math.Min(hold, Math.Max(retained, subscription.StartSequence));
            }
            subscription.ExpireBefore(retained);
        }
        topic.SetRetentionHold(hold, version);
    }

    /// <summary>Runs <see cref="SweepRetention"/>; a failure (a damaged record, a storage error: <see cref="Tidings.Storage.Messages.StorageFailedException"/> is an <see cref="IOException"/>) is logged and the next sweep tries again.</summary>
    private void SweepRetentionSafely()
    {
        try
        {
            SweepRetention();
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException)
        {
            LogRetentionSweepFailed(_logger, exception);
        }
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Error, Message = "The retention sweep failed; messages past retention are dropped at the next sweep")]
    private static partial void LogRetentionSweepFailed(ILogger logger, Exception exception);
}
