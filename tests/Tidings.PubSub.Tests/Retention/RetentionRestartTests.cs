using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Retention;

/// <summary>Retention holds are not stored: they are recomputed at start-up, before anything can truncate.</summary>
public sealed class RetentionRestartTests : IDisposable
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private BrokerHarness _harness;

    public RetentionRestartTests() => _harness = Open(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Restart_TopicRetention_AckedMessagesStillKept()
    {
        _harness.Broker.CreateTopic(BrokerHarness.TopicName("orders"), new TopicSettings { MessageRetentionDuration = Retention });
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a", "b");
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));

        Restart(TimeSpan.FromMinutes(10));
        var topic = _harness.Broker.GetTopic(BrokerHarness.TopicName("orders"));
        topic.TruncateUnneeded();

        Assert.True(topic.Log.TryRead(1, out _));
        _harness.Time.Advance(Retention);
        _harness.Broker.SweepRetention();
        Assert.Equal(topic.Log.NextSequence, topic.Log.FirstSequence);
    }

    [Fact]
    public async Task Restart_RetainAckedSubscription_KeepsItsStartSequence()
    {
        var topic = _harness.CreateTopic("orders");
        await _harness.PublishAsync("orders", "before");
        var subscription = _harness.CreateSubscription("sub", "orders", settings => settings with { RetainAckedMessages = true, MessageRetentionDuration = Retention });
        var start = subscription.StartSequence;

        Restart(TimeSpan.FromMinutes(1));

        Assert.Equal(start, _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).StartSequence);
        Assert.Equal(topic.Log.NextSequence, start);
    }

    private void Restart(TimeSpan downtime)
    {
        var stoppedAt = _harness.Time.GetUtcNow();
        _harness.Dispose();
        _harness = Open(stoppedAt + downtime);
    }

    private BrokerHarness Open(DateTimeOffset now) => new(new PubSubOptions(), _messages, _state, now);

    public void Dispose() => _harness.Dispose();
}
