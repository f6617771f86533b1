using Tidings.Kernel.Errors;
using Tidings.PubSub.Snapshots;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Snapshots;

/// <summary>Create, get, list, update, delete and expiry of snapshots, with Google's rules and errors, on the fake clock.</summary>
public sealed class SnapshotLifecycleTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public SnapshotLifecycleTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
    }

    [Fact]
    public void Create_EmptyBacklog_ExpiresInSevenDays()
    {
        var snapshot = _harness.CreateSnapshot("snap", "sub");

        Assert.Equal(_harness.Time.GetUtcNow() + TimeSpan.FromDays(7), snapshot.ExpireTime);
        Assert.Equal(BrokerHarness.TopicName("orders"), snapshot.TopicNameForDisplay);
    }

    [Fact]
    public async Task Create_Backlog_ExpiresSevenDaysAfterTheOldestUnackedMessage()
    {
        var published = _harness.Time.GetUtcNow();
        await _harness.PublishAsync("orders", "old");
        _harness.Time.Advance(TimeSpan.FromDays(3));

        var snapshot = _harness.CreateSnapshot("snap", "sub");

        Assert.Equal(published + TimeSpan.FromDays(7), snapshot.ExpireTime);
    }

    [Fact]
    public async Task Create_WouldExpireWithinAnHour_FailedPrecondition()
    {
        await _harness.PublishAsync("orders", "old");
        _harness.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(30));

        PubSubAssert.Throws(ErrorCode.FailedPrecondition, () => _harness.CreateSnapshot("snap", "sub"));
        PubSubAssert.Throws(ErrorCode.NotFound, () => _harness.Broker.GetSnapshot(SnapshotHarness.SnapshotName("snap")));
    }

    [Fact]
    public void Create_Twice_AlreadyExists() =>
        PubSubAssert.Throws(ErrorCode.AlreadyExists, "Resource already exists in the project (resource=snap).", () =>
        {
            _harness.CreateSnapshot("snap", "sub");
            _harness.CreateSnapshot("snap", "sub");
        });

    [Fact]
    public void Create_MissingSubscription_NotFound() =>
        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=nope).", () => _harness.CreateSnapshot("snap", "nope"));

    [Fact]
    public void Create_DetachedSubscription_FailedPrecondition()
    {
        _harness.Broker.DetachSubscription(BrokerHarness.SubscriptionName("sub"));

        PubSubAssert.Throws(ErrorCode.FailedPrecondition, "Subscription is detached.", () => _harness.CreateSnapshot("snap", "sub"));
    }

    [Fact]
    public void Create_EmptyName_ServerAssignsOneInTheSubscriptionsProject()
    {
        var snapshot = _harness.Broker.CreateSnapshot("", BrokerHarness.SubscriptionName("sub"), new Dictionary<string, string>());

        Assert.StartsWith($"{BrokerHarness.Project}/snapshots/", snapshot.Name.FullName, StringComparison.Ordinal);
        Assert.Same(snapshot, _harness.Broker.GetSnapshot(snapshot.Name.FullName));
    }

    [Fact]
    public void List_InPages_AndPerTopic()
    {
        _harness.CreateTopic("other");
        _harness.CreateSubscription("elsewhere", "other");
        _harness.CreateSnapshot("snap-1", "sub");
        _harness.CreateSnapshot("snap-2", "sub");
        _harness.CreateSnapshot("snap-3", "elsewhere");

        var first = _harness.Broker.ListSnapshots(BrokerHarness.Project, 2, "");
        var second = _harness.Broker.ListSnapshots(BrokerHarness.Project, 2, first.NextPageToken);

        Assert.Equal(["snap-1", "snap-2"], first.Items.Select(s => s.Name.Id));
        Assert.Equal(["snap-3"], second.Items.Select(s => s.Name.Id));
        Assert.Equal("", second.NextPageToken);
        Assert.Equal([SnapshotHarness.SnapshotName("snap-1"), SnapshotHarness.SnapshotName("snap-2")],
            _harness.Broker.ListTopicSnapshots(BrokerHarness.TopicName("orders"), 0, "").Items);
    }

    [Fact]
    public void Update_LabelsAndExpireTime()
    {
        var snapshot = _harness.CreateSnapshot("snap", "sub");
        var earlier = _harness.Time.GetUtcNow() + TimeSpan.FromDays(1);

        _harness.Broker.UpdateSnapshot(snapshot.Name.FullName, new SnapshotUpdate(new Dictionary<string, string> { ["team"] = "billing" }, earlier));

        var updated = _harness.Broker.GetSnapshot(snapshot.Name.FullName);
        Assert.Equal("billing", updated.Labels["team"]);
        Assert.Equal(earlier, updated.ExpireTime);
    }

    [Fact]
    public void Update_ExpireTimeInThePastOrBeyondSevenDays_InvalidArgument()
    {
        var snapshot = _harness.CreateSnapshot("snap", "sub");
        var now = _harness.Time.GetUtcNow();

        PubSubAssert.Throws(ErrorCode.InvalidArgument, () => _harness.Broker.UpdateSnapshot(snapshot.Name.FullName, new SnapshotUpdate(null, now - TimeSpan.FromSeconds(1))));
        PubSubAssert.Throws(ErrorCode.InvalidArgument, () => _harness.Broker.UpdateSnapshot(snapshot.Name.FullName, new SnapshotUpdate(null, now + TimeSpan.FromDays(8))));
    }

    [Fact]
    public async Task Expiry_PastExpireTime_GoneAndTheLogReleased()
    {
        var topic = _harness.Broker.GetTopic(BrokerHarness.TopicName("orders"));
        await _harness.PublishAsync("orders", "a");
        _harness.CreateSnapshot("snap", "sub");
        await _harness.DrainAsync("sub");

        _harness.Time.Advance(TimeSpan.FromDays(7));
        _harness.Broker.SweepExpiredSnapshots();

        PubSubAssert.Throws(ErrorCode.NotFound, () => _harness.Broker.GetSnapshot(SnapshotHarness.SnapshotName("snap")));
        Assert.Empty(_harness.Broker.ListSnapshots(BrokerHarness.Project, 0, "").Items);
        Assert.False(topic.Log.TryRead(1, out _));
    }

    [Fact]
    public void Delete_Missing_NotFound() =>
        PubSubAssert.Throws(ErrorCode.NotFound, () => _harness.Broker.DeleteSnapshot(SnapshotHarness.SnapshotName("nope")));

    [Fact]
    public void Delete_TopicDeleted_SnapshotReportsTheSentinel()
    {
        var snapshot = _harness.CreateSnapshot("snap", "sub");

        _harness.Broker.DeleteTopic(BrokerHarness.TopicName("orders"));

        Assert.Equal("_deleted-topic_", snapshot.TopicNameForDisplay);
    }

    public void Dispose() => _harness.Dispose();
}
