using Tidings.PubSub.Monitoring;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub;

public sealed partial class PubSubBroker
{
    /// <summary>
    /// Publish and delivery statistics of every topic and subscription, or of one project's. Takes no engine-wide
    /// lock: each subscription's backlog is read under its own lock, one at a time, so the snapshot is not one
    /// instant across resources. Reads the log for each subscription whose ack floor moved since the last call.
    /// </summary>
    public PubSubStatistics GetStatistics(string? projectId = null)
    {
        var now = _time.GetUtcNow();
        var topics = _topics.Values
            .Where(topic => projectId is null || topic.Name.Project == projectId)
            .OrderBy(topic => topic.Name.FullName, StringComparer.Ordinal)
            .Select(TopicStatisticsOf)
            .ToList();
        var subscriptions = _subscriptions.Values
            .Where(subscription => projectId is null || subscription.Name.Project == projectId)
            .OrderBy(subscription => subscription.Name.FullName, StringComparer.Ordinal)
            .Select(subscription => SubscriptionStatisticsOf(subscription, now))
            .ToList();
        return new PubSubStatistics(topics, subscriptions);
    }

    private static TopicStatistics TopicStatisticsOf(Topic topic) =>
        new(topic.Name.FullName, topic.Name.Project, topic.Name.Id, topic.Counters.Messages, topic.Counters.Bytes, topic.Counters.Requests);

    private SubscriptionStatistics SubscriptionStatisticsOf(Subscription subscription, DateTimeOffset now)
    {
        var counters = subscription.Counters;
        var oldest = subscription.OldestUnackedPublishTimeMicros();
        var age = oldest is { } micros ? TimeSpan.FromTicks(Math.Max(0, now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks - (micros * 10))) : TimeSpan.Zero;
        var push = PushResponseClasses.All.ToDictionary(responseClass => responseClass, counters.PushRequests);
        var backoffUntil = _push.Find(subscription.Id)?.PausedUntil is { } until && until > now ? until : (DateTimeOffset?)null;
        return new SubscriptionStatistics(
            subscription.Name.FullName,
            subscription.Name.Project,
            subscription.Name.Id,
            subscription.TopicNameForDisplay,
            subscription.Settings.PushConfig is not null,
            subscription.IsDetached ? 0 : subscription.BacklogCount(),
            age,
            counters.Acks,
            counters.Nacks,
            counters.Expired,
            counters.DeadLettered,
            push,
            counters.LastPushFailure,
            backoffUntil);
    }
}
