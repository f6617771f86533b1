using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>A filter is part of the stored settings: after a restart it is compiled again and still applies.</summary>
public sealed class FilteredRestartTests : IDisposable
{
    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private BrokerHarness _harness;
    private int _runs;

    public FilteredRestartTests() => _harness = Open();

    public void Dispose() => _harness.Dispose();

    private BrokerHarness Open() =>
        new(store: _messages, state: _state, now: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_runs++));

    private void Restart()
    {
        _harness.Dispose();
        _harness = Open();
    }

    [Fact]
    public async Task Restart_UnsettledRejectedMessages_StillNotDelivered()
    {
        _harness.CreateTopic("events");
        _harness.CreateFilteredSubscription("orders", "events");
        await _harness.PublishKindsAsync("events", "order", "refund", "order", "audit");

        Restart();

        var subscription = _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("orders"));
        Assert.Equal(FilterHarness.OrdersOnly, subscription.Settings.Filter);
        Assert.NotNull(subscription.Filter);
        var pulled = await _harness.PullNowAsync("orders");
        Assert.Equal(["order#0", "order#2"], FilterHarness.Texts(pulled));
        _harness.Ack("orders", pulled);
        Assert.Equal(0, subscription.BacklogCount());
    }

    [Fact]
    public async Task Restart_SettledRejectedMessages_StayDone()
    {
        _harness.CreateTopic("events");
        var before = _harness.CreateFilteredSubscription("orders", "events");
        await _harness.PublishKindsAsync("events", "refund", "audit");
        var floor = before.AckFloor;

        Restart();

        var subscription = _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("orders"));
        Assert.Equal(floor, subscription.AckFloor);
        Assert.Equal(0, subscription.BacklogCount());
        Assert.Empty(await _harness.PullNowAsync("orders"));
    }
}
