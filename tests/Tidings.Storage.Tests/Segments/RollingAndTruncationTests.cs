using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

public sealed class RollingAndTruncationTests : IDisposable
{
    private const int SegmentBytes = 8192;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AppendAsync_PastSegmentSize_RollsToSegmentsNamedByFirstSequence()
    {
        using var store = TestStores.Open(_directory.Path, SegmentBytes);
        var log = store.CreateLog();

        for (var i = 0; i < 40; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"m{i}", 1, dataBytes: 1000), CancellationToken.None);
        }

        var files = TestStores.SegmentFiles(_directory.Path, log.LogId);
        Assert.True(files.Length >= 5, $"expected several segments, found {files.Length}");
        Assert.Equal("00000000000000000001.seg", Path.GetFileName(files[0]));
        foreach (var file in files)
        {
            var firstSequence = long.Parse(Path.GetFileNameWithoutExtension(file), System.Globalization.CultureInfo.InvariantCulture);
            TestMessages.AssertText(log, firstSequence, $"m{firstSequence - 1}-0");
            Assert.True(new FileInfo(file).Length <= SegmentBytes);
        }
    }

    [Fact]
    public async Task TruncateBefore_WholeSegmentsBelow_AreDeletedAndTheRestReadable()
    {
        using var store = TestStores.Open(_directory.Path, SegmentBytes, cacheBytes: 0);
        var log = store.CreateLog();
        for (var i = 0; i < 40; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"m{i}", 1, dataBytes: 1000), CancellationToken.None);
        }
        var before = TestStores.SegmentFiles(_directory.Path, log.LogId);

        log.TruncateBefore(30);

        var after = TestStores.SegmentFiles(_directory.Path, log.LogId);
        Assert.True(after.Length < before.Length);
        var oldestKept = long.Parse(Path.GetFileNameWithoutExtension(after[0]), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(oldestKept <= 30);
        Assert.Equal(30, log.FirstSequence);
        Assert.False(log.TryRead(29, out _));
        for (var sequence = 30; sequence <= 40; sequence++)
        {
            TestMessages.AssertText(log, sequence, $"m{sequence - 1}-0");
        }
    }

    [Fact]
    public async Task TruncateBefore_Everything_KeepsTheActiveSegment()
    {
        using var store = TestStores.Open(_directory.Path, SegmentBytes);
        var log = store.CreateLog();
        for (var i = 0; i < 40; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"m{i}", 1, dataBytes: 1000), CancellationToken.None);
        }

        log.TruncateBefore(log.NextSequence);

        Assert.Single(TestStores.SegmentFiles(_directory.Path, log.LogId));
        Assert.Equal(41, await log.AppendAsync(TestMessages.Batch("next", 1), CancellationToken.None));
    }

    [Fact]
    public async Task PublishAndAck_Steady_KeepsDiskUseFlat()
    {
        using var store = TestStores.Open(_directory.Path, SegmentBytes);
        var log = store.CreateLog();

        var most = 0;
        for (var i = 0; i < 300; i++)
        {
            var first = await log.AppendAsync(TestMessages.Batch($"m{i}", 2, dataBytes: 500), CancellationToken.None);
            log.TruncateBefore(first + 2);
            most = Math.Max(most, TestStores.SegmentFiles(_directory.Path, log.LogId).Length);
        }

        Assert.True(most <= 2, $"at most two segments expected, saw {most}");
        var bytes = TestStores.SegmentFiles(_directory.Path, log.LogId).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes <= 2 * SegmentBytes);
    }

    [Fact]
    public async Task Reopen_AfterTruncation_StartsAtTheOldestKeptSegment()
    {
        long logId;
        using (var store = TestStores.Open(_directory.Path, SegmentBytes))
        {
            var log = store.CreateLog();
            logId = log.LogId;
            for (var i = 0; i < 40; i++)
            {
                await log.AppendAsync(TestMessages.Batch($"m{i}", 1, dataBytes: 1000), CancellationToken.None);
            }
            log.TruncateBefore(30);
        }

        using var reopened = TestStores.Open(_directory.Path, SegmentBytes);
        var recovered = reopened.FindLog(logId)!;

        // Truncation is durable per whole segment: the kept segment's older messages come back, already acked.
        Assert.InRange(recovered.FirstSequence, 2, 30);
        Assert.Equal(41, recovered.NextSequence);
        TestMessages.AssertText(recovered, 30, "m29-0");
    }

    [Fact]
    public async Task DeleteLog_RemovesItsDirectory()
    {
        using var store = TestStores.Open(_directory.Path, SegmentBytes);
        var log = store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("m", 20, dataBytes: 1000), CancellationToken.None);

        store.DeleteLog(log.LogId);

        Assert.False(Directory.Exists(TestStores.LogDirectory(_directory.Path, log.LogId)));
        Assert.False(log.TryRead(1, out _));
    }
}
