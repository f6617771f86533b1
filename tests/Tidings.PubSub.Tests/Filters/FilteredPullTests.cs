using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>A subscription that keeps up: rejected messages are settled at publish, never delivered, never backlog.</summary>
public sealed class FilteredPullTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public FilteredPullTests()
    {
        _harness.CreateTopic("events");
        _subscription = _harness.CreateFilteredSubscription("orders", "events");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Pull_MixedPublish_DeliversOnlyMatchingInOrder()
    {
        await _harness.PublishKindsAsync("events", "order", "refund", "order", "audit");
        await _harness.PublishKindsAsync("events", "refund");

        var pulled = await _harness.PullNowAsync("orders");

        Assert.Equal(["order#0", "order#2"], FilterHarness.Texts(pulled));
    }

    [Fact]
    public async Task Publish_OnlyRejectedMessages_SettledAtOnceAsAcked()
    {
        await _harness.PublishKindsAsync("events", "refund", "audit", "refund");

        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Equal(_subscription.Topic.Log.NextSequence, _subscription.AckFloor);
        Assert.Empty(await _harness.PullNowAsync("orders"));
    }

    [Fact]
    public async Task Backlog_AfterPullAndAck_CountsOnlyMatchingUntilAcked()
    {
        await _harness.PublishKindsAsync("events", "refund", "order", "audit", "order");
        var pulled = await _harness.PullNowAsync("orders");
        Assert.Equal(2, _subscription.BacklogCount());

        _harness.Ack("orders", pulled);

        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Equal(_subscription.Topic.Log.NextSequence, _subscription.AckFloor);
        _harness.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await _harness.PullNowAsync("orders"));
    }

    [Fact]
    public async Task Publish_RejectedOnly_DoesNotWakeConsumers_MatchingDoes()
    {
        var consumer = _subscription.AddConsumer(10, 0, 0);

        await _harness.PublishKindsAsync("events", "refund");
        var wokenByRejected = await consumer.WaitAsync(TimeSpan.Zero, _harness.Time, CancellationToken.None);
        await _harness.PublishKindsAsync("events", "order");
        var wokenByMatching = await consumer.WaitAsync(TimeSpan.Zero, _harness.Time, CancellationToken.None);

        Assert.False(wokenByRejected);
        Assert.True(wokenByMatching);
    }

    [Fact]
    public async Task OtherSubscriptions_OfTheTopic_StillGetEverything()
    {
        _harness.CreateSubscription("all", "events");

        await _harness.PublishKindsAsync("events", "order", "refund");

        Assert.Equal(["order#0", "refund#1"], FilterHarness.Texts(await _harness.PullNowAsync("all")));
        Assert.Equal(["order#0"], FilterHarness.Texts(await _harness.PullNowAsync("orders")));
    }

    [Fact]
    public async Task Truncation_ThousandsRejected_LogDropsThemWithoutAnyConsumer()
    {
        var topic = _subscription.Topic;
        for (var batch = 0; batch < 3; batch++)
        {
            await _harness.PublishKindsAsync("events", [.. Enumerable.Repeat("audit", 1000)]);
        }

        Assert.True(topic.Log.FirstSequence > 1, $"FirstSequence is {topic.Log.FirstSequence}");
        Assert.Equal(0, _subscription.BacklogCount());
    }
}
