using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Snapshots;

/// <summary>Snapshots are written before CreateSnapshot answers and hold the log across restarts.</summary>
public sealed class SnapshotRestartTests : IDisposable
{
    private readonly RestartingBroker _broker = new();

    [Fact]
    public async Task Crash_AfterCreate_SnapshotSurvivesAndSeekRestoresItsState()
    {
        var harness = _broker.Current;
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders");
        await harness.PublishAsync("orders", "a", "b");
        harness.Ack("sub", (await harness.PullNowAsync("sub"))[0]);
        harness.Broker.CheckpointAcks();
        var created = harness.Broker.CreateSnapshot(SnapshotHarness.SnapshotName("snap"), BrokerHarness.SubscriptionName("sub"), new Dictionary<string, string> { ["k"] = "v" });
        await harness.DrainAsync("sub");
        harness.Broker.CheckpointAcks();

        _broker.Crash(TimeSpan.FromMinutes(1));
        var restarted = _broker.Current; // crash: the old broker writes nothing more
        var snapshot = restarted.Broker.GetSnapshot(SnapshotHarness.SnapshotName("snap"));
        restarted.Broker.GetTopic(BrokerHarness.TopicName("orders")).TruncateUnneeded();
        await restarted.SeekToSnapshotAsync("sub", "snap");

        Assert.Equal(created.ExpireTime, snapshot.ExpireTime);
        Assert.Equal("v", snapshot.Labels["k"]);
        Assert.Equal(["b"], await restarted.DrainAsync("sub"));
    }

    [Fact]
    public void Restart_AfterDelete_SnapshotStaysGone()
    {
        var harness = _broker.Current;
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders");
        harness.CreateSnapshot("snap", "sub");
        harness.Broker.DeleteSnapshot(SnapshotHarness.SnapshotName("snap"));

        _broker.Crash(TimeSpan.Zero);
        var restarted = _broker.Current;

        Assert.Empty(restarted.Broker.ListSnapshots(BrokerHarness.Project, 0, "").Items);
    }

    public void Dispose() => _broker.Dispose();
}
