using Tidings.PubSub.Monitoring;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Monitoring;

/// <summary>The statistics read model: publish counts per topic, backlog, age and delivery counts per subscription.</summary>
public sealed class PubSubStatisticsTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public PubSubStatisticsTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders", ackDeadlineSeconds: 10);
    }

    public void Dispose() => _harness.Dispose();

    private SubscriptionStatistics Billing() =>
        _harness.Broker.GetStatistics().Subscriptions.Single(s => s.Name == BrokerHarness.SubscriptionName("billing"));

    [Fact]
    public async Task Publish_CountsMessagesBytesAndRequestsPerTopic()
    {
        await _harness.PublishAsync("orders", "abc", "defgh");
        await _harness.Broker.PublishAsync(BrokerHarness.TopicName("orders"), [BrokerHarness.Message("xy", ("k", "vv"))], 0, CancellationToken.None);

        var topic = Assert.Single(_harness.Broker.GetStatistics().Topics);
        Assert.Equal(new TopicStatistics("projects/p/topics/orders", "p", "orders", 3, 3 + 5 + 2 + 1 + 2, 2), topic);
    }

    [Fact]
    public async Task Backlog_CountsUnackedAndAgesFromTheOldestPublishTime()
    {
        Assert.Equal((0, TimeSpan.Zero), (Billing().BacklogCount, Billing().OldestUnackedMessageAge));
        await _harness.PublishAsync("orders", "first");
        _harness.Time.Advance(TimeSpan.FromSeconds(30));
        await _harness.PublishAsync("orders", "second");
        _harness.Time.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal((2, TimeSpan.FromSeconds(42)), (Billing().BacklogCount, Billing().OldestUnackedMessageAge));

        var pulled = await _harness.PullNowAsync("billing");
        _harness.Ack("billing", pulled[0]);
        Assert.Equal((1, TimeSpan.FromSeconds(12)), (Billing().BacklogCount, Billing().OldestUnackedMessageAge));

        _harness.Ack("billing", pulled[1]);
        Assert.Equal((0, TimeSpan.Zero), (Billing().BacklogCount, Billing().OldestUnackedMessageAge));
    }

    [Fact]
    public async Task AckNackExpiry_AreCountedOnceEach()
    {
        await _harness.PublishAsync("orders", "a", "b", "c");
        var pulled = await _harness.PullNowAsync("billing");
        _harness.Ack("billing", pulled[0]);
        _harness.Ack("billing", pulled[0]); // a repeated ack is no second ack
        _harness.Nack("billing", pulled[1]);
        _harness.Time.Advance(TimeSpan.FromSeconds(11)); // c's lease expires

        var statistics = Billing();
        Assert.Equal((1L, 1L, 1L, 0L), (statistics.Acks, statistics.Nacks, statistics.Expired, statistics.DeadLettered));
        Assert.False(statistics.IsPush);
        Assert.All(statistics.PushRequests.Values, count => Assert.Equal(0, count));
        Assert.Equal(PushResponseClasses.All.Count, statistics.PushRequests.Count);
    }

    [Fact]
    public void ProjectFilter_LeavesOtherProjectsOut()
    {
        _harness.Broker.CreateTopic("projects/other/topics/elsewhere", new Resources.TopicSettings());

        Assert.Equal(["projects/other/topics/elsewhere"], _harness.Broker.GetStatistics("other").Topics.Select(t => t.Name));
        Assert.Empty(_harness.Broker.GetStatistics("other").Subscriptions);
        Assert.Equal(2, _harness.Broker.GetStatistics().Topics.Count);
    }
}
