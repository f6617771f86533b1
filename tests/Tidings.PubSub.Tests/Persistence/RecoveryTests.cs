using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>
/// A broker reopened over the stores a previous one wrote (the in-memory stores outlive the broker, standing in for
/// the data directory) recovers its resources and ack state.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly RestartingBroker _broker = new();

    private BrokerHarness Harness => _broker.Current;

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Restart_UnackedMessages_AreDeliveredAgain_AckedOnesAreNot()
    {
        Harness.CreateTopic("orders");
        Harness.CreateSubscription("billing", "orders");
        await Harness.PublishAsync("orders", "a", "b", "c");
        var first = await Harness.PullNowAsync("billing");
        Harness.Ack("billing", first[0], first[2]);

        _broker.Restart();

        var again = await Harness.PullNowAsync("billing");
        Assert.Equal(["b"], again.Select(BrokerHarness.Text));
        Assert.Equal(first[1].MessageId, again[0].MessageId);
    }

    [Fact]
    public async Task Restart_ResourcesAndSettings_Recovered()
    {
        Harness.CreateTopic("orders");
        Harness.Broker.UpdateTopic(BrokerHarness.TopicName("orders"), settings => settings with { Labels = new Dictionary<string, string> { ["team"] = "core" } });
        Harness.CreateSubscription("billing", "orders", ackDeadlineSeconds: 45);

        _broker.Restart();

        Assert.Equal("core", Harness.Broker.GetTopic(BrokerHarness.TopicName("orders")).Settings.Labels["team"]);
        Assert.Equal(45, Harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("billing")).Settings.AckDeadlineSeconds);
        await Harness.PublishAsync("orders", "after restart");
        Assert.Equal("after restart", BrokerHarness.Text(Assert.Single(await Harness.PullNowAsync("billing"))));
    }

    [Fact]
    public async Task Restart_AckIdFromBeforeTheRestart_StillAcks()
    {
        Harness.CreateTopic("orders");
        Harness.CreateSubscription("billing", "orders");
        await Harness.PublishAsync("orders", "a", "b");
        var before = await Harness.PullNowAsync("billing");

        _broker.Restart();
        Harness.Ack("billing", before[0]);

        Assert.Equal(["b"], (await Harness.PullNowAsync("billing")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Restart_DeletedTopic_SubscriptionKeepsSentinelAndBacklog()
    {
        Harness.CreateTopic("orders");
        Harness.CreateSubscription("billing", "orders");
        await Harness.PublishAsync("orders", "kept");
        Harness.Broker.DeleteTopic(BrokerHarness.TopicName("orders"));

        _broker.Restart();

        var subscription = Harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("billing"));
        Assert.Equal("_deleted-topic_", subscription.TopicNameForDisplay);
        Assert.Equal("kept", BrokerHarness.Text(Assert.Single(await Harness.PullNowAsync("billing"))));
    }

    [Fact]
    public void Restart_DetachedSubscription_StaysDetached()
    {
        Harness.CreateTopic("orders");
        Harness.CreateSubscription("billing", "orders");
        Harness.Broker.DetachSubscription(BrokerHarness.SubscriptionName("billing"));

        _broker.Restart();

        Assert.True(Harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("billing")).IsDetached);
        Assert.Empty(Harness.Broker.ListTopicSubscriptions(BrokerHarness.TopicName("orders"), 0, "").Items);
    }

    [Fact]
    public void Restart_SubscriptionIds_AreNeverReused()
    {
        Harness.CreateTopic("orders");
        var deleted = Harness.CreateSubscription("first", "orders");
        Harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("first"));

        _broker.Restart();

        var next = Harness.CreateSubscription("second", "orders");
        Assert.True(next.Id > deleted.Id);
    }

    [Fact]
    public void Restart_LogWithoutAnyResource_IsDeleted()
    {
        var orphan = _broker.Messages.CreateLog();

        _broker.Restart();

        Assert.Null(_broker.Messages.FindLog(orphan.LogId));
    }

    [Fact]
    public async Task Restart_AcksWithinCheckpointInterval_WithoutCheckpoint_AreRedelivered()
    {
        Harness.CreateTopic("orders");
        Harness.CreateSubscription("billing", "orders");
        await Harness.PublishAsync("orders", "a");
        Harness.Ack("billing", await Harness.PullNowAsync("billing"));

        _broker.Crash();

        Assert.Equal(["a"], (await Harness.PullNowAsync("billing")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Checkpoint_AfterInterval_SurvivesACrash()
    {
        Harness.CreateTopic("orders");
        Harness.CreateSubscription("billing", "orders");
        await Harness.PublishAsync("orders", "a");
        Harness.Ack("billing", await Harness.PullNowAsync("billing"));
        Harness.Time.Advance(new PubSubOptions().AckCheckpointInterval);

        _broker.Crash();

        Assert.Empty(await Harness.PullNowAsync("billing"));
    }
}
