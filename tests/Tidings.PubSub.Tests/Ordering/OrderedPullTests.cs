using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>Unary Pull on an ordered subscription: one message of a key outstanding at a time, as Google allows.</summary>
public sealed class OrderedPullTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public OrderedPullTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateOrderedSubscription("sub", "orders");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Pull_KeyWithAMessageOutstanding_NextOfItWaitsForTheAck()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2", "b:1", "b:2");

        var first = await _harness.PullNowAsync("sub");
        Assert.Equal(["a:1", "b:1"], first.Texts());
        Assert.Empty(await _harness.PullNowAsync("sub"));

        _harness.Ack("sub", first[0]);

        Assert.Equal(["a:2"], (await _harness.PullNowAsync("sub")).Texts());
    }

    [Fact]
    public async Task Pull_NackedMessage_ComesBeforeTheNextOfItsKey()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));

        _harness.Broker.ModifyAckDeadline(BrokerHarness.SubscriptionName("sub"), [first.AckId.Format()], 0);

        var again = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal("a:1", BrokerHarness.Text(again));
        Assert.Equal(2, again.DeliveryAttempt);
    }

    [Fact]
    public async Task Pull_WhileAStreamHoldsTheKey_GetsOnlyOtherKeys()
    {
        await _harness.PublishKeyedAsync("orders", "a:1");
        var stream = _subscription.AddStream();
        _subscription.LeaseFor(stream);
        await _harness.PublishKeyedAsync("orders", "a:2", "b:1");

        Assert.Equal(["b:1"], (await _harness.PullNowAsync("sub")).Texts());
    }

    [Fact]
    public async Task Lease_StreamWhileAPullResponseHoldsTheKey_GetsNothingOfIt()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub")); // the Pull's consumer is gone, its lease is not
        var stream = _subscription.AddStream();

        Assert.Empty(_subscription.LeaseFor(stream));

        _harness.Ack("sub", pulled);
        Assert.Equal(["a:2"], _subscription.LeaseFor(stream).Texts());
    }
}
