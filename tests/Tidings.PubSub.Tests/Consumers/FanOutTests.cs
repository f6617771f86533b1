using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Consumers;

/// <summary>Every subscription gets every message published after its creation, and none from before.</summary>
public sealed class FanOutTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public FanOutTests() => _harness.CreateTopic("orders");

    [Fact]
    public async Task Publish_TwoSubscriptions_EachGetsEveryMessage()
    {
        _harness.CreateSubscription("first", "orders");
        _harness.CreateSubscription("second", "orders");

        var ids = await _harness.PublishAsync("orders", "a", "b", "c");

        Assert.Equal(ids, (await _harness.PullNowAsync("first")).Select(m => m.MessageId));
        Assert.Equal(ids, (await _harness.PullNowAsync("second")).Select(m => m.MessageId));
    }

    [Fact]
    public async Task Publish_BeforeSubscriptionCreated_NotDeliveredToIt()
    {
        _harness.CreateSubscription("early", "orders");
        await _harness.PublishAsync("orders", "before");

        _harness.CreateSubscription("late", "orders");
        await _harness.PublishAsync("orders", "after");

        Assert.Equal(["before", "after"], (await _harness.PullNowAsync("early")).Select(BrokerHarness.Text));
        Assert.Equal(["after"], (await _harness.PullNowAsync("late")).Select(BrokerHarness.Text));
        Assert.Equal(1, _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("late")).BacklogCount());
    }

    [Fact]
    public async Task Ack_OnOneSubscription_DoesNotAffectTheOther()
    {
        _harness.CreateSubscription("first", "orders");
        _harness.CreateSubscription("second", "orders");
        await _harness.PublishAsync("orders", "a");

        _harness.Ack("first", await _harness.PullNowAsync("first"));

        Assert.Equal(0, _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("first")).BacklogCount());
        Assert.Equal(["a"], (await _harness.PullNowAsync("second")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Publish_MessageContent_DeliveredIntact()
    {
        _harness.CreateSubscription("sub", "orders");
        var before = _harness.Time.GetUtcNow();
        var message = BrokerHarness.Message("payload", ("kind", "created"), ("id", "7"));

        var ids = await _harness.Broker.PublishAsync(BrokerHarness.TopicName("orders"), [message], 0, CancellationToken.None);

        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal(ids[0], pulled.MessageId);
        Assert.Equal("payload", BrokerHarness.Text(pulled));
        Assert.Equal([KeyValuePair.Create("kind", "created"), KeyValuePair.Create("id", "7")], pulled.Message.Attributes);
        Assert.Equal(before.ToUnixTimeMilliseconds() * 1000, pulled.Message.PublishTimeUnixMicros);
        Assert.Equal(1, pulled.DeliveryAttempt);
    }

    [Fact]
    public async Task Publish_NoSubscriptions_MessagesAreDropped()
    {
        await _harness.PublishAsync("orders", "lost");

        _harness.CreateSubscription("sub", "orders");

        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    public void Dispose() => _harness.Dispose();
}
