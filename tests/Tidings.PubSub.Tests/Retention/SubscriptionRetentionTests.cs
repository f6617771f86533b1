using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Retention;

/// <summary>
/// Unacked messages older than the subscription's message_retention_duration are dropped by the retention sweep,
/// even when nobody pulls, so an abandoned backlog does not hold the log on disk for ever.
/// </summary>
public sealed class SubscriptionRetentionTests : IDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    private readonly BrokerHarness _harness = new();

    [Fact]
    public async Task Sweep_UnreadMessagesPastRetention_DroppedAndTruncated()
    {
        var topic = _harness.CreateTopic("orders");
        var subscription = _harness.CreateSubscription("sub", "orders", settings => settings with { MessageRetentionDuration = Retention });
        await _harness.PublishAsync("orders", "old-1", "old-2");
        _harness.Time.Advance(TimeSpan.FromMinutes(5));
        await _harness.PublishAsync("orders", "fresh");

        _harness.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        _harness.Broker.SweepRetention();

        Assert.Equal(1, subscription.BacklogCount());
        Assert.Equal(3, topic.Log.FirstSequence);
        Assert.Equal("fresh", BrokerHarness.Text(Assert.Single(await _harness.PullNowAsync("sub"))));
    }

    [Fact]
    public async Task Sweep_LeasedMessagePastRetention_HoldsTheFloorUntilItsLeaseEnds()
    {
        var topic = _harness.CreateTopic("orders");
        var subscription = _harness.CreateSubscription("sub", "orders", settings => settings with { MessageRetentionDuration = Retention, AckDeadlineSeconds = 600 });
        await _harness.PublishAsync("orders", "leased");
        var leased = await _harness.PullNowAsync("sub");
        await _harness.PublishAsync("orders", "unread");
        _harness.Time.Advance(Retention - TimeSpan.FromMinutes(1));
        _harness.Broker.ModifyAckDeadline(subscription.Name.FullName, [leased[0].AckId.Format()], 600); // still leased past the retention

        _harness.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        _harness.Broker.SweepRetention();

        Assert.Equal(1, subscription.AckFloor);
        Assert.Equal(1, topic.Log.FirstSequence);

        _harness.Ack("sub", leased);
        _harness.Broker.SweepRetention();

        Assert.Equal(3, subscription.AckFloor);
        Assert.Equal(3, topic.Log.FirstSequence);
    }

    [Fact]
    public async Task Sweep_NackedMessagesPastRetention_NotRedelivered()
    {
        _harness.CreateTopic("orders");
        var subscription = _harness.CreateSubscription("sub", "orders", settings => settings with { MessageRetentionDuration = Retention });
        await _harness.PublishAsync("orders", "a", "b");
        _harness.Nack("sub", await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(Retention + TimeSpan.FromSeconds(1));
        _harness.Broker.SweepRetention();

        Assert.Equal(0, subscription.BacklogCount());
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Sweep_OrderedSubscription_ExpiresUpToTheFirstKeyedMessageHeld()
    {
        _harness.CreateTopic("orders");
        var subscription = _harness.CreateSubscription("sub", "orders", settings => settings with { MessageRetentionDuration = Retention, EnableMessageOrdering = true, AckDeadlineSeconds = 600 });
        await _harness.PublishKeyedAsync("orders", "k:1");
        var leased = await _harness.PullNowAsync("sub");
        await _harness.PublishKeyedAsync("orders", "k:2", "plain");
        _harness.Time.Advance(Retention - TimeSpan.FromMinutes(1));
        _harness.Broker.ModifyAckDeadline(subscription.Name.FullName, [leased[0].AckId.Format()], 600);

        _harness.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        _harness.Broker.SweepRetention();

        Assert.Equal(1, subscription.AckFloor);
        _harness.Ack("sub", leased);
        _harness.Broker.SweepRetention();
        Assert.Equal(0, subscription.BacklogCount());
    }

    public void Dispose() => _harness.Dispose();
}
