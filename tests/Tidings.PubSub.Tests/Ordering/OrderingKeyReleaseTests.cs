using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>A key's binding ends when its stream goes away or nothing of it is in flight, and a key with nothing left is dropped.</summary>
public sealed class OrderingKeyReleaseTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public OrderingKeyReleaseTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateOrderedSubscription("sub", "orders");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task RemoveConsumer_StreamHoldingAKey_AnotherStreamGetsItsNextMessages()
    {
        await _harness.PublishKeyedAsync("orders", "a:1");
        var first = _subscription.AddStream();
        var second = _subscription.AddStream();
        var held = _subscription.LeaseFor(first);
        await _harness.PublishKeyedAsync("orders", "a:2");
        Assert.Empty(_subscription.LeaseFor(second));

        _subscription.RemoveConsumer(first);

        Assert.Equal(["a:2"], _subscription.LeaseFor(second).Texts());
        _subscription.Ack(held); // the lease outlived its stream
        Assert.Equal(1, _subscription.BacklogCount());
    }

    [Fact]
    public async Task RemoveConsumer_StreamHoldingAKey_WakesTheOtherStreams()
    {
        await _harness.PublishKeyedAsync("orders", "a:1");
        var first = _subscription.AddStream();
        var second = _subscription.AddStream();
        _subscription.LeaseFor(first);
        await _harness.PublishKeyedAsync("orders", "a:2");
        _subscription.LeaseFor(second);
        await second.WaitAsync(TimeSpan.Zero, _harness.Time, CancellationToken.None); // the publish's wake-up
        var woken = second.WaitAsync(TimeSpan.FromMinutes(1), _harness.Time, CancellationToken.None);

        _subscription.RemoveConsumer(first);

        Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Ack_EverythingOfTheKeys_KeysDropped()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "b:1", "a:2");
        var stream = _subscription.AddStream();
        var leased = _subscription.LeaseFor(stream);
        Assert.Equal(2, _subscription.OrderingKeyCount);

        _subscription.Ack(leased);

        Assert.Equal(0, _subscription.OrderingKeyCount);
    }

    [Fact]
    public async Task Delete_OrderedSubscriptionWithKeysInFlight_DropsThem()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var stream = _subscription.AddStream();
        _subscription.LeaseFor(stream);

        _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("sub"));

        Assert.Equal(0, _subscription.OrderingKeyCount);
    }
}
