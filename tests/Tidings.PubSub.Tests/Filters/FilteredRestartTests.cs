using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>A filter is part of the stored settings: after a restart it is compiled again and still applies.</summary>
public sealed class FilteredRestartTests : IDisposable
{
    private readonly RestartingBroker _broker = new();

    private BrokerHarness Harness => _broker.Current;

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Restart_UnsettledRejectedMessages_StillNotDelivered()
    {
        Harness.CreateTopic("events");
        Harness.CreateFilteredSubscription("orders", "events");
        await Harness.PublishKindsAsync("events", "order", "refund", "order", "audit");

        _broker.Restart();

        var subscription = Harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("orders"));
        Assert.Equal(FilterHarness.OrdersOnly, subscription.Settings.Filter);
        Assert.NotNull(subscription.Filter);
        var pulled = await Harness.PullNowAsync("orders");
        Assert.Equal(["order#0", "order#2"], FilterHarness.Texts(pulled));
        Harness.Ack("orders", pulled);
        Assert.Equal(0, subscription.BacklogCount());
    }

    [Fact]
    public async Task Restart_SettledRejectedMessages_StayDone()
    {
        Harness.CreateTopic("events");
        var before = Harness.CreateFilteredSubscription("orders", "events");
        await Harness.PublishKindsAsync("events", "refund", "audit");
        var floor = before.AckFloor;

        _broker.Restart();

        var subscription = Harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("orders"));
        Assert.Equal(floor, subscription.AckFloor);
        Assert.Equal(0, subscription.BacklogCount());
        Assert.Empty(await Harness.PullNowAsync("orders"));
    }
}
