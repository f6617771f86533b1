using Microsoft.Extensions.Logging.Abstractions;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Snapshots;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.Segments;

namespace Tidings.PubSub.Tests.Retention;

/// <summary>
/// On the durable segment log, disk space follows retention and snapshots: segment files are deleted only once no
/// subscription, retention rule or snapshot needs them.
/// </summary>
public sealed class SegmentRetentionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tidings-retention-").FullName;
    private readonly SegmentLogStore _store;
    private readonly BrokerHarness _harness;

    public SegmentRetentionTests()
    {
        // The smallest segments (4 KiB, about 30 of these messages each), so truncation deletes files.
        _store = new SegmentLogStore(new SegmentLogStoreOptions { Directory = _directory, SegmentBytes = 4096, SyncMode = SyncMode.Interval }, NullLogger<SegmentLogStore>.Instance);
        _harness = new BrokerHarness(store: _store);
    }

    private int SegmentFiles => Directory.GetFiles(_directory, "*.seg", SearchOption.AllDirectories).Length;

    [Fact]
    public async Task TopicRetention_SegmentsDeletedOnlyOnceRetentionPassed()
    {
        _harness.Broker.CreateTopic(BrokerHarness.TopicName("orders"), new TopicSettings { MessageRetentionDuration = TimeSpan.FromHours(1) });
        _harness.CreateSubscription("sub", "orders");
        await PublishOneByOneAsync(150);
        await _harness.DrainAsync("sub");
        var files = SegmentFiles;
        Assert.True(files > 3, $"only {files} segment files");

        _harness.Broker.SweepRetention();
        Assert.Equal(files, SegmentFiles);

        _harness.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        _harness.Broker.SweepRetention();
        Assert.Equal(1, SegmentFiles);
    }

    [Fact]
    public async Task Snapshot_KeepsItsSegmentsUntilDeleted()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
        _harness.CreateSnapshot("snap", "sub");
        await PublishOneByOneAsync(150);
        await _harness.DrainAsync("sub");
        _harness.Broker.SweepRetention();
        var files = SegmentFiles;
        Assert.True(files > 3, $"only {files} segment files");

        _harness.Broker.DeleteSnapshot(SnapshotHarness.SnapshotName("snap"));

        Assert.Equal(1, SegmentFiles);
    }

    /// <summary>One message per append: a segment rolls only between appends.</summary>
    private async Task PublishOneByOneAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _harness.PublishAsync("orders", $"{i}".PadRight(100, '.'));
        }
    }

    public void Dispose()
    {
        _harness.Dispose();
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
