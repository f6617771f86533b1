namespace Tidings.Monitoring;

/// <summary>
/// Every metric name Tidings exports, in one place. Where Google's Cloud Monitoring has the metric, the name is
/// its metric type; Prometheus shows it with every <c>.</c> and <c>/</c> turned into <c>_</c>
/// (<c>pubsub_googleapis_com_topic_send_request_count</c>). Tidings' own metrics start with <c>tidings</c>.
/// docs/metrics.md is the table of them.
/// </summary>
internal static class MetricNames
{
    public const string MeterName = "Tidings";

    public const string TopicSendMessageOperations = "pubsub.googleapis.com/topic/send_message_operation_count";
    public const string TopicSendRequests = "pubsub.googleapis.com/topic/send_request_count";
    public const string TopicSendMessageBytes = "tidings/pubsub/topic/send_message_bytes";

    public const string SubscriptionUndelivered = "pubsub.googleapis.com/subscription/num_undelivered_messages";
    public const string SubscriptionOldestUnackedAge = "pubsub.googleapis.com/subscription/oldest_unacked_message_age";
    public const string SubscriptionAcks = "pubsub.googleapis.com/subscription/ack_message_count";
    public const string SubscriptionNacks = "pubsub.googleapis.com/subscription/nack_requests";
    public const string SubscriptionExpired = "pubsub.googleapis.com/subscription/expired_ack_deadlines_count";
    public const string SubscriptionDeadLettered = "pubsub.googleapis.com/subscription/dead_letter_message_count";
    public const string SubscriptionPushRequests = "pubsub.googleapis.com/subscription/push_request_count";

    public const string QueueDepth = "cloudtasks.googleapis.com/queue/depth";
    public const string QueueTaskAttempts = "cloudtasks.googleapis.com/queue/task_attempt_count";

    public const string JobAttempts = "cloudscheduler.googleapis.com/job/attempt_count";

    public const string StorageSegments = "tidings/storage/log/segment_count";
    public const string StorageCacheHits = "tidings/storage/log/cache_hits";
    public const string StorageCacheMisses = "tidings/storage/log/cache_misses";
    public const string StorageCacheHitRatio = "tidings/storage/log/cache_hit_ratio";
}
