namespace Tidings.PubSub.Monitoring;

/// <summary>One subscription's backlog now and its delivery counts since the server started.</summary>
/// <param name="Name">The full name, <c>projects/{project}/subscriptions/{subscription}</c>.</param>
/// <param name="Topic">The topic's full name, or <c>_deleted-topic_</c>.</param>
/// <param name="BacklogCount">Messages not yet acknowledged (Google's <c>num_undelivered_messages</c>).</param>
/// <param name="OldestUnackedMessageAge">Age of the oldest message not yet acknowledged; zero with no backlog.</param>
/// <param name="PushRequests">Push requests by response class; every class is present (0 for pull subscriptions).</param>
/// <param name="LastPushFailure">The last failed push since the server started, if any.</param>
/// <param name="PushBackoffUntil">While a push subscription's pushes are paused after failures, until when.</param>
public sealed record SubscriptionStatistics(
    string Name,
    string ProjectId,
    string SubscriptionId,
    string Topic,
    bool IsPush,
    long BacklogCount,
    TimeSpan OldestUnackedMessageAge,
    long Acks,
    long Nacks,
    long Expired,
    long DeadLettered,
    IReadOnlyDictionary<PushResponseClass, long> PushRequests,
    PushFailure? LastPushFailure,
    DateTimeOffset? PushBackoffUntil);
