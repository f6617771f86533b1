using Tidings.Storage.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

public sealed class DiskFullTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FaultyFileOps _files = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(500)]
    public async Task AppendAsync_DiskFull_LeavesNoPartialRecordAndTheNextAppendWorks(int partialBytes)
    {
        long logId;
        using (var store = TestStores.Open(_directory.Path, files: _files))
        {
            var log = store.CreateLog();
            logId = log.LogId;
            await log.AppendAsync(TestMessages.Batch("ok", 2, dataBytes: 300), CancellationToken.None);
            var file = TestStores.SegmentFiles(_directory.Path, logId).Single();
            var length = new FileInfo(file).Length;
            _files.PartialWriteBytes = partialBytes;
            _files.FailNextWritesWithDiskFull(1);

            await Assert.ThrowsAsync<StorageFullException>(async () =>
                await log.AppendAsync(TestMessages.Batch("full", 3, dataBytes: 300), CancellationToken.None));

            Assert.Equal(length, new FileInfo(file).Length);
            Assert.Equal(3, log.NextSequence);
            Assert.False(log.TryRead(3, out _));
            Assert.Equal(3, await log.AppendAsync(TestMessages.Batch("later", 1), CancellationToken.None));
            TestMessages.AssertText(log, 3, "later-0");
        }

        using var reopened = TestStores.Open(_directory.Path);
        Assert.Empty(reopened.Recovery.TornTails);
        var recovered = reopened.FindLog(logId)!;
        Assert.Equal(4, recovered.NextSequence);
        TestMessages.AssertText(recovered, 2, "ok-1");
        TestMessages.AssertText(recovered, 3, "later-0");
    }

    [Fact]
    public async Task AppendAsync_DiskFullWhileRolling_LeavesNoNewSegmentAndTheNextAppendWorks()
    {
        using var store = TestStores.Open(_directory.Path, segmentBytes: 4096, files: _files);
        var log = store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("ok", 3, dataBytes: 1000), CancellationToken.None);
        _files.FailNextWritesWithDiskFull(1); // the new segment's header

        await Assert.ThrowsAsync<StorageFullException>(async () =>
            await log.AppendAsync(TestMessages.Batch("full", 2, dataBytes: 1000), CancellationToken.None));

        Assert.Single(TestStores.SegmentFiles(_directory.Path, log.LogId));
        Assert.Equal(4, await log.AppendAsync(TestMessages.Batch("later", 2, dataBytes: 1000), CancellationToken.None));
        Assert.Equal(2, TestStores.SegmentFiles(_directory.Path, log.LogId).Length);
        TestMessages.AssertText(log, 5, "later-1");
    }

    [Fact]
    public void CreateLog_DiskFull_ThrowsStorageFull()
    {
        using var store = TestStores.Open(_directory.Path, files: _files);
        _files.FailNextWritesWithDiskFull(1);

        Assert.Throws<StorageFullException>(store.CreateLog);

        var log = store.CreateLog();
        Assert.Equal(1, log.NextSequence);
    }
}
