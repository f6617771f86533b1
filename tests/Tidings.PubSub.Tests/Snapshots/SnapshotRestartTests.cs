using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Snapshots;

/// <summary>Snapshots are written before CreateSnapshot answers and hold the log across restarts.</summary>
public sealed class SnapshotRestartTests : IDisposable
{
    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private readonly List<BrokerHarness> _opened = [];

    [Fact]
    public async Task Crash_AfterCreate_SnapshotSurvivesAndSeekRestoresItsState()
    {
        var harness = Open(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders");
        await harness.PublishAsync("orders", "a", "b");
        harness.Ack("sub", (await harness.PullNowAsync("sub"))[0]);
        harness.Broker.CheckpointAcks();
        var created = harness.Broker.CreateSnapshot(SnapshotHarness.SnapshotName("snap"), BrokerHarness.SubscriptionName("sub"), new Dictionary<string, string> { ["k"] = "v" });
        await harness.DrainAsync("sub");
        harness.Broker.CheckpointAcks();

        var restarted = Open(harness.Time.GetUtcNow() + TimeSpan.FromMinutes(1)); // crash: the old broker writes nothing more
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
        var harness = Open(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders");
        harness.CreateSnapshot("snap", "sub");
        harness.Broker.DeleteSnapshot(SnapshotHarness.SnapshotName("snap"));

        var restarted = Open(harness.Time.GetUtcNow());

        Assert.Empty(restarted.Broker.ListSnapshots(BrokerHarness.Project, 0, "").Items);
    }

    private BrokerHarness Open(DateTimeOffset now)
    {
        var harness = new BrokerHarness(new PubSubOptions(), _messages, _state, now);
        _opened.Add(harness);
        return harness;
    }

    public void Dispose()
    {
        foreach (var harness in Enumerable.Reverse(_opened))
        {
            harness.Dispose();
        }
    }
}
