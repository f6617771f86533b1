using Tidings.Kernel.Errors;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Snapshots;

/// <summary>A snapshot holds a subscription's ack state; seeking to it restores exactly the unacked set it captured, plus what was published since.</summary>
public sealed class SnapshotSeekTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public SnapshotSeekTests() => _harness.CreateTopic("orders");

    [Fact]
    public async Task Seek_AfterMoreAcks_RestoresTheUnackedSetOfTheSnapshot()
    {
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a", "b", "c");
        var pulled = await _harness.PullNowAsync("sub");
        _harness.Ack("sub", pulled[0], pulled[2]);
        _harness.CreateSnapshot("snap", "sub");
        _harness.Ack("sub", pulled[1]);
        await _harness.PublishAsync("orders", "d");
        Assert.Equal(["d"], await _harness.DrainAsync("sub"));

        await _harness.SeekToSnapshotAsync("sub", "snap");

        Assert.Equal(["b", "d"], await _harness.DrainAsync("sub"));
    }

    [Fact]
    public async Task Seek_AnotherSubscriptionOfTheTopic_TakesTheSnapshotsState()
    {
        _harness.CreateSubscription("source", "orders");
        _harness.CreateSubscription("other", "orders");
        await _harness.PublishAsync("orders", "a", "b");
        _harness.Ack("source", (await _harness.PullNowAsync("source"))[0]);
        _harness.CreateSnapshot("snap", "source");
        Assert.Equal(["a", "b"], await _harness.DrainAsync("other"));

        await _harness.SeekToSnapshotAsync("other", "snap");

        Assert.Equal(["b"], await _harness.DrainAsync("other"));
    }

    [Fact]
    public async Task Snapshot_HoldsTheLog_UntilDeleted()
    {
        var topic = _harness.Broker.GetTopic(BrokerHarness.TopicName("orders"));
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a");
        _harness.CreateSnapshot("snap", "sub");
        await _harness.DrainAsync("sub");
        topic.TruncateUnneeded();
        Assert.True(topic.Log.TryRead(1, out _));

        _harness.Broker.DeleteSnapshot(SnapshotHarness.SnapshotName("snap"));

        Assert.False(topic.Log.TryRead(1, out _));
    }

    [Fact]
    public async Task Seek_SnapshotOfAnotherTopic_FailedPrecondition()
    {
        _harness.CreateTopic("other");
        _harness.CreateSubscription("sub", "orders");
        _harness.CreateSubscription("elsewhere", "other");
        _harness.CreateSnapshot("snap", "elsewhere");

        await PubSubAssert.ThrowsAsync(ErrorCode.FailedPrecondition, () => _harness.SeekToSnapshotAsync("sub", "snap"));
    }

    [Fact]
    public async Task Seek_SnapshotOfATopicRecreatedUnderTheSameName_FailedPrecondition()
    {
        _harness.CreateSubscription("old", "orders");
        _harness.CreateSnapshot("snap", "old");
        _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("old"));
        _harness.Broker.DeleteTopic(BrokerHarness.TopicName("orders"));
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("new", "orders");

        await PubSubAssert.ThrowsAsync(ErrorCode.FailedPrecondition, () => _harness.SeekToSnapshotAsync("new", "snap"));
    }

    [Fact]
    public async Task Seek_MissingSnapshot_NotFound()
    {
        _harness.CreateSubscription("sub", "orders");

        await PubSubAssert.ThrowsAsync(ErrorCode.NotFound, () => _harness.SeekToSnapshotAsync("sub", "nope"));
    }

    public void Dispose() => _harness.Dispose();
}
