using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Topics;

/// <summary>A topic log drops what no subscription can deliver any more, and keeps what one still needs.</summary>
public sealed class LogTruncationTests : IDisposable
{
    private const int Messages = 3000;
    private readonly BrokerHarness _harness = new();

    [Fact]
    public async Task Truncation_EverySubscriptionAckedThousands_FirstSequenceAdvances()
    {
        var topic = _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub-a", "orders");
        _harness.CreateSubscription("sub-b", "orders");
        await _harness.PublishManyAsync("orders", Messages);

        await DrainAsync("sub-a");
        await DrainAsync("sub-b");

        Assert.True(topic.Log.FirstSequence > 1, $"FirstSequence is {topic.Log.FirstSequence}");
        Assert.True(topic.Log.FirstSequence <= topic.Log.NextSequence);
        Assert.False(topic.Log.TryRead(1, out _));
    }

    [Fact]
    public async Task Truncation_OneSubscriptionBehind_KeepsItsMessages()
    {
        var topic = _harness.CreateTopic("orders");
        _harness.CreateSubscription("fast", "orders");
        _harness.CreateSubscription("slow", "orders");
        await _harness.PublishManyAsync("orders", Messages);

        await DrainAsync("fast");

        Assert.Equal(1, topic.Log.FirstSequence);
        var slow = await _harness.PullNowAsync("slow", 1000);
        Assert.Equal("m0", BrokerHarness.Text(slow[0]));
    }

    [Fact]
    public async Task Truncation_TopicWithoutSubscriptions_KeepsNoMessages()
    {
        var topic = _harness.CreateTopic("orders");

        await _harness.PublishAsync("orders", "a", "b", "c");

        Assert.Equal(topic.Log.NextSequence, topic.Log.FirstSequence);
        Assert.False(topic.Log.TryRead(topic.Log.NextSequence - 1, out _));
    }

    [Fact]
    public async Task Truncation_TopicWithRetention_KeepsMessagesWithoutSubscriptions()
    {
        var topic = _harness.Broker.CreateTopic(BrokerHarness.TopicName("orders"), new TopicSettings { MessageRetentionDuration = TimeSpan.FromDays(1) });

        await _harness.PublishAsync("orders", "a", "b", "c");

        Assert.Equal(1, topic.Log.FirstSequence);
        Assert.True(topic.Log.TryRead(1, out _));
    }

    [Fact]
    public async Task Truncation_LastSubscriptionDeleted_DropsItsBacklog()
    {
        var topic = _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a", "b", "c");

        _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("sub"));

        Assert.Equal(topic.Log.NextSequence, topic.Log.FirstSequence);
    }

    [Fact]
    public async Task Truncation_DetachedSubscription_DoesNotHoldBackTheLog()
    {
        var topic = _harness.CreateTopic("orders");
        _harness.CreateSubscription("live", "orders");
        _harness.CreateSubscription("detached", "orders");
        _harness.Broker.DetachSubscription(BrokerHarness.SubscriptionName("detached"));
        await _harness.PublishManyAsync("orders", Messages);

        await DrainAsync("live");

        Assert.True(topic.Log.FirstSequence > 1, $"FirstSequence is {topic.Log.FirstSequence}");
    }

    /// <summary>Pulls and acks until nothing is left.</summary>
    private async Task DrainAsync(string subscriptionId)
    {
        while (await _harness.PullNowAsync(subscriptionId, 1000) is { Count: > 0 } batch)
        {
            _harness.Ack(subscriptionId, batch);
        }
        Assert.Equal(0, _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName(subscriptionId)).BacklogCount());
    }

    public void Dispose() => _harness.Dispose();
}
