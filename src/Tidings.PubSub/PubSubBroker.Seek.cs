using Tidings.PubSub.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub;

/// <summary>
/// Seek (docs/seek-and-snapshots.md): rewrites a subscription's ack state at once, in memory and then in the state
/// store, and answers only once the new state is saved, so an answered seek survives kill -9. Outstanding ack ids
/// stop working; every message the new state leaves unacked is delivered again, in order.
/// </summary>
public sealed partial class PubSubBroker
{
    /// <summary>
    /// Seek to a time: retained messages published before <paramref name="time"/> become acked, those published at or
    /// after it unacked. A message is retained for seeking by the topic's message_retention_duration, or by the
    /// subscription's retain_acked_messages within its own retention (and not from before its creation); other acked
    /// messages stay acked. A time ahead of the clock acks everything.
    /// </summary>
    public async Task SeekAsync(string subscription, DateTimeOffset time)
    {
        var target = RequireSeekable(subscription);
        var topic = target.Topic;
        var now = _time.GetUtcNow();
        // Log reads, so on no lock; the boundaries only rise with time, so they hold when the lock is taken.
        var timeSequence = PublishTimeIndex.FirstAtOrAfter(topic.Log, PublishTimeIndex.ToMicros(time));
        var retainedFrom = RetainedForSeekFrom(target, now);
        topic.UnderTruncationLock(() => target.SeekToTime(timeSequence, retainedFrom, toFuture: time > now));
        target.MarkActive();
        await _checkpointer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The first sequence the subscription keeps acked messages from, for a seek to bring back; <see cref="long.MaxValue"/>
    /// when nothing keeps them (only unacked messages are retained then).
    /// </summary>
    private static long RetainedForSeekFrom(Subscription subscription, DateTimeOffset now)
    {
        var topic = subscription.Topic;
        var from = long.MaxValue;
        if (!topic.IsDeleted && topic.Settings.MessageRetentionDuration is { } topicRetention)
        {
            from = PublishTimeIndex.FirstAtOrAfter(topic.Log, PublishTimeIndex.ToMicros(now - topicRetention));
        }
        if (subscription.Settings.RetainAckedMessages)
        {
            var retained = PublishTimeIndex.FirstAtOrAfter(topic.Log, PublishTimeIndex.ToMicros(now - subscription.Settings.MessageRetentionDuration));
            from = Math.Min(from, Math.Max(retained, subscription.StartSequence));
        }
        return from;
    }

    /// <summary>The subscription to seek or snapshot: NOT_FOUND when missing, FAILED_PRECONDITION when detached.</summary>
    private Subscription RequireSeekable(string subscription)
    {
        var target = RequireSubscription(ResourceName.Parse(ResourceKind.Subscription, subscription));
        return target.IsDetached ? throw PubSubErrors.SubscriptionDetached() : target;
    }
}
