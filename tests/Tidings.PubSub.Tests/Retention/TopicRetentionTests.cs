using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub.Tests.Retention;

/// <summary>
/// A topic's message_retention_duration keeps every message published within it, acked or not, and lets the log
/// drop them once it has passed (at the next retention sweep, on the fake clock).
/// </summary>
public sealed class TopicRetentionTests : IDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private readonly BrokerHarness _harness = new();

    [Fact]
    public async Task Retention_AckedByEverySubscription_KeptUntilRetentionPasses()
    {
        var topic = CreateTopic(Retention);
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a", "b", "c");
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(Retention - TimeSpan.FromSeconds(1));
        _harness.Broker.SweepRetention();

        Assert.Equal(1, topic.Log.FirstSequence);
        Assert.True(topic.Log.TryRead(1, out _));

        _harness.Time.Advance(TimeSpan.FromSeconds(2)); // at exactly the retention a message is still kept
        _harness.Broker.SweepRetention();

        Assert.Equal(topic.Log.NextSequence, topic.Log.FirstSequence);
    }

    [Fact]
    public async Task Retention_NoSubscription_MessagesDisappearOnTheSweepTimer()
    {
        var topic = CreateTopic(Retention);
        await _harness.PublishAsync("orders", "old");
        _harness.Time.Advance(TimeSpan.FromMinutes(30));
        await _harness.PublishAsync("orders", "new");

        _harness.Time.Advance(TimeSpan.FromMinutes(31)); // the sweep (every minute) runs on the fake clock

        Assert.False(topic.Log.TryRead(1, out _));
        Assert.True(topic.Log.TryRead(2, out _));
        Assert.Equal(2, topic.Log.FirstSequence);
    }

    [Fact]
    public async Task Retention_SwitchedOnByUpdate_KeepsWhatIsAckedAfterwards()
    {
        var topic = CreateTopic(retention: null);
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a", "b");

        _harness.Broker.UpdateTopic(topic.Name.FullName, settings => settings with { MessageRetentionDuration = Retention });
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));
        topic.TruncateUnneeded();

        Assert.True(topic.Log.TryRead(1, out _));
        _harness.Broker.SweepRetention();
        Assert.True(topic.Log.TryRead(1, out _));
    }

    [Fact]
    public async Task Retention_SwitchedOff_AckedMessagesGoAtTheNextSweep()
    {
        var topic = CreateTopic(Retention);
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a", "b");
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));

        _harness.Broker.UpdateTopic(topic.Name.FullName, settings => settings with { MessageRetentionDuration = null });
        _harness.Broker.SweepRetention();

        Assert.Equal(topic.Log.NextSequence, topic.Log.FirstSequence);
    }

    [Fact]
    public async Task Retention_SubscriptionBehind_KeepsItsBacklogPastTopicRetention()
    {
        var topic = CreateTopic(TimeSpan.FromMinutes(10));
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a");

        _harness.Time.Advance(TimeSpan.FromMinutes(20));
        _harness.Broker.SweepRetention();

        Assert.Equal("a", BrokerHarness.Text(Assert.Single(await _harness.PullNowAsync("sub"))));
        Assert.Equal(1, topic.Log.FirstSequence);
    }

    private Topic CreateTopic(TimeSpan? retention) =>
        _harness.Broker.CreateTopic(BrokerHarness.TopicName("orders"), new TopicSettings { MessageRetentionDuration = retention });

    public void Dispose() => _harness.Dispose();
}
