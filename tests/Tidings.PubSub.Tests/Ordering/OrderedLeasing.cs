using Tidings.PubSub.Consumers;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>Short-hands the ordering tests share: lease as a stream would, and read back what came.</summary>
internal static class OrderedLeasing
{
    /// <summary>A StreamingPull-like consumer: unlimited window, several messages of a key allowed.</summary>
    public static MessageConsumer AddStream(this Subscription subscription) => subscription.AddConsumer(10, 0, 0);

    public static List<LeasedMessage> LeaseFor(this Subscription subscription, MessageConsumer consumer, int maxMessages = 100)
    {
        var leased = new List<LeasedMessage>();
        subscription.Lease(consumer, maxMessages, long.MaxValue, leased);
        return leased;
    }

    /// <summary>Leases until nothing more comes (one call takes only a share while other consumers exist).</summary>
    public static List<LeasedMessage> DrainFor(this Subscription subscription, MessageConsumer consumer)
    {
        var all = new List<LeasedMessage>();
        while (subscription.Lease(consumer, 100, long.MaxValue, all) > 0)
        {
        }
        return all;
    }

    public static string[] Texts(this IEnumerable<LeasedMessage> messages) => [.. messages.Select(BrokerHarness.Text)];

    /// <summary>The texts of one key's messages, in the order they came.</summary>
    public static string[] OfKey(this IEnumerable<LeasedMessage> messages, string key) =>
        [.. messages.Where(m => m.Message.OrderingKey == key).Select(BrokerHarness.Text)];

    public static void Nack(this Subscription subscription, LeasedMessage message) => subscription.ModifyAckDeadline(message.AckId, 0);

    public static void Ack(this Subscription subscription, params IEnumerable<LeasedMessage> messages)
    {
        foreach (var message in messages)
        {
            subscription.Acknowledge(message.AckId);
        }
    }
}
