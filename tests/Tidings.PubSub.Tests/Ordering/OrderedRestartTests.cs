using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>
/// A restart delivers again what was not acked, in key order: an ack counts only in key order, so what was acked is
/// a prefix of each key, and an ack id from before the restart does not ack a message out of its place.
/// </summary>
public sealed class OrderedRestartTests : IDisposable
{
    private readonly RestartingBroker _broker = new();

    public OrderedRestartTests()
    {
        Harness.CreateTopic("orders");
        Harness.CreateOrderedSubscription("sub", "orders");
    }

    private BrokerHarness Harness => _broker.Current;

    public void Dispose() => _broker.Dispose();

    private Subscription Subscription => Harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub"));

    [Fact]
    public async Task Restart_KeysPartlyAcked_RestDeliveredAgainInKeyOrder()
    {
        await Harness.PublishKeyedAsync("orders", "a:1", "b:1", "a:2", "b:2", "a:3", "b:3", "a:4");
        var stream = Subscription.AddStream();
        var leased = Subscription.LeaseFor(stream);
        Subscription.Ack(leased.Where(m => BrokerHarness.Text(m) is "a:1" or "a:3" or "b:1" or "b:2"));

        _broker.Restart();

        var again = Subscription.DrainFor(Subscription.AddStream());
        Assert.Equal(["a:2", "a:3", "a:4"], again.OfKey("a")); // a:3 was acked ahead of a:2, which was not
        Assert.Equal(["b:3"], again.OfKey("b"));
    }

    [Fact]
    public async Task Restart_AckIdFromBeforeIt_DoesNotAckAMessageOutOfItsPlace()
    {
        await Harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var before = Subscription.LeaseFor(Subscription.AddStream());

        _broker.Restart();
        Subscription.Ack(before[1]);

        Assert.Equal(["a:1", "a:2"], Subscription.DrainFor(Subscription.AddStream()).Texts());
    }

    [Fact]
    public async Task Restart_OrderingSetting_Kept()
    {
        _broker.Restart();

        await Harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var first = Subscription.AddStream();
        var second = Subscription.AddStream();
        Assert.True(Subscription.Settings.EnableMessageOrdering);
        Assert.Equal(["a:1"], Subscription.LeaseFor(first, maxMessages: 1).Texts());
        Assert.Empty(Subscription.LeaseFor(second));
    }
}
