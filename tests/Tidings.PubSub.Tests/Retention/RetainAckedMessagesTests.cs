using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Retention;

/// <summary>
/// retain_acked_messages keeps a subscription's acked messages for its message_retention_duration (so it can seek
/// back into them); without it, or once the retention passed, acked messages leave the log.
/// </summary>
public sealed class RetainAckedMessagesTests : IDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    private readonly BrokerHarness _harness = new();

    [Fact]
    public async Task RetainAcked_AckedMessages_KeptForTheSubscriptionsRetention()
    {
        var topic = _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders", settings => settings with { RetainAckedMessages = true, MessageRetentionDuration = Retention });
        await _harness.PublishAsync("orders", "a", "b");
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));
        _harness.Broker.SweepRetention();

        Assert.Equal(1, topic.Log.FirstSequence);

        _harness.Time.Advance(Retention + TimeSpan.FromSeconds(1));
        _harness.Broker.SweepRetention();

        Assert.Equal(topic.Log.NextSequence, topic.Log.FirstSequence);
    }

    [Fact]
    public async Task RetainAcked_Off_AckedMessagesGoAtTheSweep()
    {
        var topic = _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a", "b");
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));

        _harness.Broker.SweepRetention();

        Assert.Equal(topic.Log.NextSequence, topic.Log.FirstSequence);
    }

    [Fact]
    public async Task RetainAcked_MessagesFromBeforeTheSubscription_NotHeld()
    {
        var topic = _harness.CreateTopic("orders");
        var other = _harness.CreateSubscription("other", "orders");
        await _harness.PublishAsync("orders", "before");
        var start = topic.Log.NextSequence;
        _harness.CreateSubscription("sub", "orders", settings => settings with { RetainAckedMessages = true, MessageRetentionDuration = Retention });
        await _harness.PublishAsync("orders", "after");

        _harness.Ack("other", await _harness.PullNowAsync("other"));
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));
        _harness.Broker.SweepRetention();

        Assert.Equal(start, topic.Log.FirstSequence);
        Assert.Equal(topic.Log.NextSequence, other.AckFloor);
    }

    [Fact]
    public async Task RetainAcked_SwitchedOnByUpdate_HoldsUntilTheSweepComputesIt()
    {
        var topic = _harness.CreateTopic("orders");
        var subscription = _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a");

        _harness.Broker.UpdateSubscription(subscription.Name.FullName, settings => settings with { RetainAckedMessages = true, MessageRetentionDuration = Retention });
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));
        topic.TruncateUnneeded();
        Assert.True(topic.Log.TryRead(1, out _));

        _harness.Time.Advance(Retention + TimeSpan.FromSeconds(1));
        _harness.Broker.SweepRetention();
        Assert.False(topic.Log.TryRead(1, out _));
    }

    public void Dispose() => _harness.Dispose();
}
