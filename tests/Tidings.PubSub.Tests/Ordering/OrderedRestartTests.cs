using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>
/// A restart delivers again what was not acked, in key order: an ack counts only in key order, so what was acked is
/// a prefix of each key, and an ack id from before the restart does not ack a message out of its place.
/// </summary>
public sealed class OrderedRestartTests : IDisposable
{
    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private int _runs;
    private BrokerHarness _harness;

    public OrderedRestartTests()
    {
        _harness = Open();
        _harness.CreateTopic("orders");
        _harness.CreateOrderedSubscription("sub", "orders");
    }

    public void Dispose() => _harness.Dispose();

    private BrokerHarness Open() =>
        new(store: _messages, state: _state, now: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_runs++));

    /// <summary>Disposing writes the final ack checkpoint, as a graceful stop does.</summary>
    private void Restart()
    {
        _harness.Dispose();
        _harness = Open();
    }

    private Subscription Subscription => _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub"));

    [Fact]
    public async Task Restart_KeysPartlyAcked_RestDeliveredAgainInKeyOrder()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "b:1", "a:2", "b:2", "a:3", "b:3", "a:4");
        var stream = Subscription.AddStream();
        var leased = Subscription.LeaseFor(stream);
        Subscription.Ack(leased.Where(m => BrokerHarness.Text(m) is "a:1" or "a:3" or "b:1" or "b:2"));

        Restart();

        var again = Subscription.DrainFor(Subscription.AddStream());
        Assert.Equal(["a:2", "a:3", "a:4"], again.OfKey("a")); // a:3 was acked ahead of a:2, which was not
        Assert.Equal(["b:3"], again.OfKey("b"));
    }

    [Fact]
    public async Task Restart_AckIdFromBeforeIt_DoesNotAckAMessageOutOfItsPlace()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var before = Subscription.LeaseFor(Subscription.AddStream());

        Restart();
        Subscription.Ack(before[1]);

        Assert.Equal(["a:1", "a:2"], Subscription.DrainFor(Subscription.AddStream()).Texts());
    }

    [Fact]
    public async Task Restart_OrderingSetting_Kept()
    {
        Restart();

        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var first = Subscription.AddStream();
        var second = Subscription.AddStream();
        Assert.True(Subscription.Settings.EnableMessageOrdering);
        Assert.Equal(["a:1"], Subscription.LeaseFor(first, maxMessages: 1).Texts());
        Assert.Empty(Subscription.LeaseFor(second));
    }
}
