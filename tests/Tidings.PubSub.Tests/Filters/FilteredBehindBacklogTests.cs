using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>
/// A subscription with undelivered messages before the rejected ones: those are settled when a lease call reads
/// them, and from then on count as acked (floor, backlog, redelivery).
/// </summary>
public sealed class FilteredBehindBacklogTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public FilteredBehindBacklogTests()
    {
        _harness.CreateTopic("events");
        _subscription = _harness.CreateFilteredSubscription("orders", "events");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Lease_ReadsRejectedBehindAMatch_SettlesThemAsAcked()
    {
        await _harness.PublishKindsAsync("events", "order", "refund", "audit", "order", "refund");
        Assert.Equal(5, _subscription.BacklogCount()); // not read yet: the first message matched

        var pulled = await _harness.PullNowAsync("orders");

        Assert.Equal(["order#0", "order#3"], FilterHarness.Texts(pulled));
        Assert.Equal(2, _subscription.BacklogCount());
        _harness.Ack("orders", pulled);
        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Equal(_subscription.Topic.Log.NextSequence, _subscription.AckFloor);
    }

    [Fact]
    public async Task Nack_OfAMatch_RedeliversOnlyIt()
    {
        await _harness.PublishKindsAsync("events", "order", "refund", "audit");
        var first = Assert.Single(await _harness.PullNowAsync("orders"));

        _harness.Broker.ModifyAckDeadline(BrokerHarness.SubscriptionName("orders"), [first.AckId.Format()], 0);

        Assert.Equal(["order#0"], FilterHarness.Texts(await _harness.PullNowAsync("orders")));
        Assert.Equal(1, _subscription.BacklogCount());
    }
}
