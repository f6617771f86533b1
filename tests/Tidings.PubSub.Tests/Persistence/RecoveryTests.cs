using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>
/// A broker reopened over the stores a previous one wrote (the in-memory stores outlive the broker, standing in for
/// the data directory) recovers its resources and ack state.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private BrokerHarness _harness;

    public RecoveryTests() => _harness = Open();

    private int _runs;

    /// <summary>Each run starts a minute after the previous one began, as a restarted server would.</summary>
    private BrokerHarness Open() =>
        new(store: _messages, state: _state, now: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_runs++));

    /// <summary>Disposing the broker writes its final ack checkpoint, as a graceful stop does.</summary>
    private void Restart()
    {
        _harness.Dispose();
        _harness = Open();
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Restart_UnackedMessages_AreDeliveredAgain_AckedOnesAreNot()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        await _harness.PublishAsync("orders", "a", "b", "c");
        var first = await _harness.PullNowAsync("billing");
        _harness.Ack("billing", first[0], first[2]);

        Restart();

        var again = await _harness.PullNowAsync("billing");
        Assert.Equal(["b"], again.Select(BrokerHarness.Text));
        Assert.Equal(first[1].MessageId, again[0].MessageId);
    }

    [Fact]
    public async Task Restart_ResourcesAndSettings_Recovered()
    {
        _harness.CreateTopic("orders");
        _harness.Broker.UpdateTopic(BrokerHarness.TopicName("orders"), settings => settings with { Labels = new Dictionary<string, string> { ["team"] = "core" } });
        _harness.CreateSubscription("billing", "orders", ackDeadlineSeconds: 45);

        Restart();

        Assert.Equal("core", _harness.Broker.GetTopic(BrokerHarness.TopicName("orders")).Settings.Labels["team"]);
        Assert.Equal(45, _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("billing")).Settings.AckDeadlineSeconds);
        await _harness.PublishAsync("orders", "after restart");
        Assert.Equal("after restart", BrokerHarness.Text(Assert.Single(await _harness.PullNowAsync("billing"))));
    }

    [Fact]
    public async Task Restart_AckIdFromBeforeTheRestart_StillAcks()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        await _harness.PublishAsync("orders", "a", "b");
        var before = await _harness.PullNowAsync("billing");

        Restart();
        _harness.Ack("billing", before[0]);

        Assert.Equal(["b"], (await _harness.PullNowAsync("billing")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Restart_DeletedTopic_SubscriptionKeepsSentinelAndBacklog()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        await _harness.PublishAsync("orders", "kept");
        _harness.Broker.DeleteTopic(BrokerHarness.TopicName("orders"));

        Restart();

        var subscription = _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("billing"));
        Assert.Equal("_deleted-topic_", subscription.TopicNameForDisplay);
        Assert.Equal("kept", BrokerHarness.Text(Assert.Single(await _harness.PullNowAsync("billing"))));
    }

    [Fact]
    public void Restart_DetachedSubscription_StaysDetached()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        _harness.Broker.DetachSubscription(BrokerHarness.SubscriptionName("billing"));

        Restart();

        Assert.True(_harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("billing")).IsDetached);
        Assert.Empty(_harness.Broker.ListTopicSubscriptions(BrokerHarness.TopicName("orders"), 0, "").Items);
    }

    [Fact]
    public void Restart_SubscriptionIds_AreNeverReused()
    {
        _harness.CreateTopic("orders");
        var deleted = _harness.CreateSubscription("first", "orders");
        _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("first"));

        Restart();

        var next = _harness.CreateSubscription("second", "orders");
        Assert.True(next.Id > deleted.Id);
    }

    [Fact]
    public void Restart_LogWithoutAnyResource_IsDeleted()
    {
        var orphan = _messages.CreateLog();

        Restart();

        Assert.Null(_messages.FindLog(orphan.LogId));
    }

    [Fact]
    public async Task Restart_AcksWithinCheckpointInterval_WithoutCheckpoint_AreRedelivered()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        await _harness.PublishAsync("orders", "a");
        _harness.Ack("billing", await _harness.PullNowAsync("billing"));

        // A crash: the broker is abandoned without its final checkpoint.
        _harness = Open();

        Assert.Equal(["a"], (await _harness.PullNowAsync("billing")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Checkpoint_AfterInterval_SurvivesACrash()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        await _harness.PublishAsync("orders", "a");
        _harness.Ack("billing", await _harness.PullNowAsync("billing"));
        _harness.Time.Advance(new PubSubOptions().AckCheckpointInterval);

        _harness = Open();

        Assert.Empty(await _harness.PullNowAsync("billing"));
    }
}
