using System.Diagnostics.Metrics;
using Tidings.Storage.Monitoring;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

/// <summary>The group-commit histogram records the bytes one fsync made durable, not a count of messages.</summary>
public sealed class GroupCommitSizeTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly MeterListener _listener = new();
    private readonly List<long> _sizes = [];

    public GroupCommitSizeTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == "tidings.storage.log.group_commit.size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, bytes, _, _) =>
        {
            lock (_sizes)
            {
                _sizes.Add(bytes);
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task AppendAsync_OneBatch_RecordsTheBytesItsFsyncCovered()
    {
        using var store = TestStores.Open(_directory.Path);
        var log = store.CreateLog();
        var segment = Assert.Single(TestStores.SegmentFiles(_directory.Path, log.LogId));
        var before = new FileInfo(segment).Length;

        // An odd size, so no other test's append (the meter is process-wide) records the same figure.
        await log.AppendAsync(TestMessages.Batch("sized", 3, dataBytes: 12_345), CancellationToken.None);

        var written = new FileInfo(segment).Length - before;
        Assert.True(written > 3 * 12_345, $"{written} bytes written");
        lock (_sizes)
        {
            Assert.Contains(written, _sizes);
        }
    }
}
