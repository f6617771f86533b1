using System.Diagnostics.Metrics;
using Tidings.PubSub.Monitoring;
using Tidings.Storage.Messages;
using Tidings.Storage.Segments;

namespace Tidings.Monitoring;

/// <summary>
/// The server's meter: observable instruments that read the engines' statistics when a scrape collects them (nothing
/// is recorded on the request paths), labelled with Google's monitored-resource labels (<c>project_id</c>,
/// <c>topic_id</c>, <c>subscription_id</c>, <c>queue_id</c>, <c>job_id</c>, <c>location</c>).
/// </summary>
internal sealed class TidingsMeter : IDisposable
{
    private readonly Meter _meter;

    /// <param name="meter">This server's meter, created with the metrics pipeline (which keeps to it); disposed with this.</param>
    /// <param name="messages">The message store, for its storage figures when it is the segment log; null in a cluster.</param>
    public TidingsMeter(Meter meter, StatisticsSnapshot statistics, IMessageStore? messages)
    {
        _meter = meter;
        _meter.CreateObservableCounter(MetricNames.TopicSendMessageOperations,
            () => statistics.PubSub.Topics.Select(t => Measure(t.MessagesPublished, t)), description: "Messages published to the topic.");
        _meter.CreateObservableCounter(MetricNames.TopicSendRequests,
            () => statistics.PubSub.Topics.Select(t => Measure(t.PublishRequests, t)), description: "Publish requests (batches) stored in the topic.");
        _meter.CreateObservableCounter(MetricNames.TopicSendMessageBytes,
            () => statistics.PubSub.Topics.Select(t => Measure(t.BytesPublished, t)), description: "Bytes of messages published to the topic: data, attributes, ordering key.");

        _meter.CreateObservableGauge(MetricNames.SubscriptionUndelivered,
            () => statistics.PubSub.Subscriptions.Select(s => Measure(s.BacklogCount, s)), description: "Messages not yet acknowledged.");
        _meter.CreateObservableGauge(MetricNames.SubscriptionOldestUnackedAge,
            () => statistics.PubSub.Subscriptions.Select(s => Measure((long)s.OldestUnackedMessageAge.TotalSeconds, s)), unit: "s",
            description: "Age in seconds of the oldest message not yet acknowledged.");
        _meter.CreateObservableCounter(MetricNames.SubscriptionAcks,
            () => statistics.PubSub.Subscriptions.Select(s => Measure(s.Acks, s)), description: "Messages acknowledged.");
        _meter.CreateObservableCounter(MetricNames.SubscriptionNacks,
            () => statistics.PubSub.Subscriptions.Select(s => Measure(s.Nacks, s)), description: "Messages nacked (a zero ack deadline), failed pushes included.");
        _meter.CreateObservableCounter(MetricNames.SubscriptionExpired,
            () => statistics.PubSub.Subscriptions.Select(s => Measure(s.Expired, s)), description: "Messages whose ack deadline expired.");
        _meter.CreateObservableCounter(MetricNames.SubscriptionDeadLettered,
            () => statistics.PubSub.Subscriptions.Select(s => Measure(s.DeadLettered, s)), description: "Messages forwarded to the dead-letter topic.");
        _meter.CreateObservableCounter(MetricNames.SubscriptionPushRequests, PushRequests, description: "Push requests by response class.");

        _meter.CreateObservableGauge(MetricNames.QueueDepth,
            () => statistics.Tasks.Queues.Select(q => new Measurement<long>(q.TasksPending, QueueLabels(q))), description: "Tasks in the queue.");
        _meter.CreateObservableCounter(MetricNames.QueueTaskAttempts,
            () => statistics.Tasks.Queues.SelectMany(q => q.AttemptsByResult.Select(a => new Measurement<long>(a.Value, [.. QueueLabels(q), new("response_code", a.Key)]))),
            description: "Task attempts by the code of their result.");

        _meter.CreateObservableCounter(MetricNames.JobAttempts,
            () => statistics.Scheduler.Jobs.SelectMany(j => j.AttemptsByResult.Select(a => new Measurement<long>(a.Value,
                new("project_id", j.ProjectId), new("location", j.LocationId), new("job_id", j.JobId), new("response_code", a.Key)))),
            description: "Job attempts by the code of their result.");

        if (messages is SegmentLogStore store)
        {
            _meter.CreateObservableGauge(MetricNames.StorageSegments, () => store.SegmentCount, description: "Segment files of every message log.");
            _meter.CreateObservableCounter(MetricNames.StorageCacheHits, () => store.CacheReads.Hits, description: "Message reads served from the cache.");
            _meter.CreateObservableCounter(MetricNames.StorageCacheMisses, () => store.CacheReads.Misses, description: "Message reads that went to a segment file.");
            _meter.CreateObservableGauge(MetricNames.StorageCacheHitRatio, () => HitRatio(store), description: "Share of message reads served from the cache since start.");
        }

        IEnumerable<Measurement<long>> PushRequests() => statistics.PubSub.Subscriptions
            .Where(s => s.IsPush)
            .SelectMany(s => s.PushRequests.Select(p => new Measurement<long>(p.Value,
                new("project_id", s.ProjectId), new("subscription_id", s.SubscriptionId), new("response_class", PushResponseClasses.LabelValue(p.Key)))));
    }

    private static Measurement<long> Measure(long value, TopicStatistics topic) =>
        new(value, new("project_id", topic.ProjectId), new("topic_id", topic.TopicId));

    private static Measurement<long> Measure(long value, SubscriptionStatistics subscription) =>
        new(value, new("project_id", subscription.ProjectId), new("subscription_id", subscription.SubscriptionId));

    private static KeyValuePair<string, object?>[] QueueLabels(Tasks.Monitoring.QueueStatistics queue) =>
        [new("project_id", queue.ProjectId), new("location", queue.LocationId), new("queue_id", queue.QueueId)];

    private static double HitRatio(SegmentLogStore store)
    {
        var hits = store.CacheReads.Hits;
        var reads = hits + store.CacheReads.Misses;
        return reads == 0 ? 0 : (double)hits / reads;
    }

    public void Dispose() => _meter.Dispose();
}
