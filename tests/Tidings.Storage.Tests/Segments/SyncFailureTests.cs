using Tidings.Storage.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

/// <summary>A failed fsync is never reported as success, and the log refuses appends until restart.</summary>
public sealed class SyncFailureTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FaultyFileOps _files = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AppendAsync_FsyncFails_FailsTheAppendAndPoisonsTheLog()
    {
        using var store = TestStores.Open(_directory.Path, files: _files);
        var log = store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("ok", 2), CancellationToken.None);
        _files.FailNextFlushes(1);

        await Assert.ThrowsAsync<StorageFailedException>(async () =>
            await log.AppendAsync(TestMessages.Batch("lost", 1), CancellationToken.None));

        Assert.Equal(3, log.NextSequence);
        Assert.False(log.TryRead(3, out _));
        TestMessages.AssertText(log, 2, "ok-1");
        await Assert.ThrowsAsync<StorageFailedException>(async () =>
            await log.AppendAsync(TestMessages.Batch("refused", 1), CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_FsyncFails_FailsEveryAppendWaitingForIt()
    {
        using var store = TestStores.Open(_directory.Path, files: _files);
        var log = store.CreateLog();
        var other = store.CreateLog();
        using var gate = new ManualResetEventSlim(false);
        _files.FlushGate = gate;
        _files.FailNextFlushes(1);

        var appends = Enumerable.Range(0, 5).Select(i => log.AppendAsync(TestMessages.Batch($"w{i}", 1), CancellationToken.None).AsTask()).ToList();
        gate.Set();

        foreach (var append in appends)
        {
            await Assert.ThrowsAsync<StorageFailedException>(() => append);
        }
        Assert.Equal(1, log.NextSequence);
        Assert.Equal(1, await other.AppendAsync(TestMessages.Batch("healthy", 1), CancellationToken.None));
    }

    [Fact]
    public async Task Reopen_AfterFsyncFailure_TheLogAcceptsAppendsAgain()
    {
        long logId;
        using (var store = TestStores.Open(_directory.Path, files: _files))
        {
            var log = store.CreateLog();
            logId = log.LogId;
            await log.AppendAsync(TestMessages.Batch("ok", 2), CancellationToken.None);
            _files.FailNextFlushes(1);
            await Assert.ThrowsAsync<StorageFailedException>(async () =>
                await log.AppendAsync(TestMessages.Batch("lost", 1), CancellationToken.None));
        }

        using var reopened = TestStores.Open(_directory.Path);
        var recovered = reopened.FindLog(logId)!;
        var next = await recovered.AppendAsync(TestMessages.Batch("after", 1), CancellationToken.None);

        Assert.InRange(next, 3, 4); // the failed append's record may or may not have reached the disk
        TestMessages.AssertText(recovered, next, "after-0");
    }
}
