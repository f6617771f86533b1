using Tidings.PubSub.Consumers;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.Tests.Support;

/// <summary>Short-hands for exactly-once subscriptions on a <see cref="BrokerHarness"/>.</summary>
internal static class ExactlyOnceHarness
{
    public static Subscription CreateExactlyOnceSubscription(this BrokerHarness harness, string id, string topicId, int ackDeadlineSeconds = 10) =>
        harness.Broker.CreateSubscription(BrokerHarness.SubscriptionName(id), new SubscriptionSettings
        {
            Topic = BrokerHarness.TopicName(topicId),
            AckDeadlineSeconds = ackDeadlineSeconds,
            EnableExactlyOnceDelivery = true,
        });

    public static Task AckAsync(this BrokerHarness harness, string subscriptionId, params string[] ackIds) =>
        harness.Broker.AcknowledgeAsync(BrokerHarness.SubscriptionName(subscriptionId), ackIds).AsTask();

    public static Task AckAsync(this BrokerHarness harness, string subscriptionId, params IEnumerable<LeasedMessage> messages) =>
        harness.AckAsync(subscriptionId, [.. messages.Select(message => message.AckId.Format())]);

    public static Task ModAckAsync(this BrokerHarness harness, string subscriptionId, int seconds, params IEnumerable<LeasedMessage> messages) =>
        harness.Broker.ModifyAckDeadlineAsync(BrokerHarness.SubscriptionName(subscriptionId), [.. messages.Select(message => message.AckId.Format())], seconds).AsTask();
}
