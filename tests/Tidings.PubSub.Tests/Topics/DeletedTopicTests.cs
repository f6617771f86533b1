using Tidings.Kernel.Errors;
using Tidings.PubSub.Tests.Support;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub.Tests.Topics;

/// <summary>Deleting a topic keeps its subscriptions (§0 item 18): they report <c>_deleted-topic_</c> and keep their backlog.</summary>
public sealed class DeletedTopicTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    private PubSubBroker Broker => _harness.Broker;

    [Fact]
    public void DeleteTopic_WithSubscription_SubscriptionReportsDeletedTopic()
    {
        _harness.CreateTopic("orders");
        var subscription = _harness.CreateSubscription("sub", "orders");
        Assert.Equal("projects/p/topics/orders", subscription.TopicNameForDisplay);

        Broker.DeleteTopic("projects/p/topics/orders");

        Assert.Equal(Topic.DeletedTopicName, Broker.GetSubscription("projects/p/subscriptions/sub").TopicNameForDisplay);
        Assert.Equal("_deleted-topic_", Topic.DeletedTopicName);
    }

    [Fact]
    public async Task DeleteTopic_WithBacklog_SubscriptionCanStillPullIt()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a", "b");

        Broker.DeleteTopic("projects/p/topics/orders");
        var pulled = await _harness.PullNowAsync("sub");

        Assert.Equal(["a", "b"], pulled.Select(BrokerHarness.Text));
        _harness.Ack("sub", pulled);
        Assert.Equal(0, Broker.GetSubscription("projects/p/subscriptions/sub").BacklogCount());
    }

    [Fact]
    public async Task PublishAsync_DeletedTopic_ThrowsNotFound()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
        Broker.DeleteTopic("projects/p/topics/orders");

        var error = await PubSubAssert.ThrowsAsync(ErrorCode.NotFound, () => _harness.PublishAsync("orders", "late"));

        Assert.Equal("Resource not found (resource=orders).", error.Message);
    }

    [Fact]
    public async Task RecreatedTopic_SubscriptionOfOldTopic_DoesNotReceiveNewMessages()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("old", "orders");
        Broker.DeleteTopic("projects/p/topics/orders");
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("new", "orders");

        await _harness.PublishAsync("orders", "fresh");

        Assert.Empty(await _harness.PullNowAsync("old"));
        Assert.Equal(["fresh"], (await _harness.PullNowAsync("new")).Select(BrokerHarness.Text));
        Assert.Equal(Topic.DeletedTopicName, Broker.GetSubscription("projects/p/subscriptions/old").TopicNameForDisplay);
        Assert.Equal(["projects/p/subscriptions/new"], Broker.ListTopicSubscriptions("projects/p/topics/orders", 0, "").Items);
    }

    [Fact]
    public void DeleteSubscription_LastReaderOfDeletedTopic_DeletesTheLog()
    {
        var topic = _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
        Broker.DeleteTopic("projects/p/topics/orders");
        Assert.NotNull(_harness.Store.FindLog(topic.Log.LogId));

        Broker.DeleteSubscription("projects/p/subscriptions/sub");

        Assert.Null(_harness.Store.FindLog(topic.Log.LogId));
    }

    public void Dispose() => _harness.Dispose();
}
