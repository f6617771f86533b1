namespace Tidings.PubSub.Monitoring;

/// <summary>A snapshot of the Pub/Sub engine's statistics, ordered by name; counts are since the server started.</summary>
public sealed record PubSubStatistics(IReadOnlyList<TopicStatistics> Topics, IReadOnlyList<SubscriptionStatistics> Subscriptions);
