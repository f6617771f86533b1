using Tidings.PubSub.Consumers;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.Tests.Support;

/// <summary>Short-hands for tests of filtered subscriptions: messages tagged <c>kind=…</c>, a subscription for one kind.</summary>
internal static class FilterHarness
{
    public const string OrdersOnly = "attributes.kind = \"order\"";

    public static Subscription CreateFilteredSubscription(this BrokerHarness harness, string id, string topicId, string filter = OrdersOnly, PushConfig? push = null) =>
        harness.Broker.CreateSubscription(BrokerHarness.SubscriptionName(id), new SubscriptionSettings
        {
            Topic = BrokerHarness.TopicName(topicId),
            Filter = filter,
            PushConfig = push,
        });

    /// <summary>Publishes one request with a message per kind, its data "kind#index".</summary>
    public static Task<string[]> PublishKindsAsync(this BrokerHarness harness, string topicId, params string[] kinds) =>
        harness.Broker.PublishAsync(BrokerHarness.TopicName(topicId),
            [.. kinds.Select((kind, i) => BrokerHarness.Message($"{kind}#{i}", ("kind", kind)))], 0, CancellationToken.None).AsTask();

    public static string[] Texts(IEnumerable<LeasedMessage> messages) => [.. messages.Select(BrokerHarness.Text)];
}
