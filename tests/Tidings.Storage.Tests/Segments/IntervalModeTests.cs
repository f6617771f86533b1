using Tidings.Storage.Messages;
using Tidings.Storage.Segments;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

/// <summary>The relaxed mode: answered after the write, synced on an interval.</summary>
public sealed class IntervalModeTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FaultyFileOps _files = new();

    public void Dispose() => _directory.Dispose();

    private SegmentLogStore Open() => TestStores.Open(
        new SegmentLogStoreOptions { Directory = _directory.Path, SyncMode = SyncMode.Interval, SyncInterval = TimeSpan.FromMilliseconds(20) },
        _files);

    [Fact]
    public async Task AppendAsync_Interval_CompletesAndIsReadableBeforeTheFsync()
    {
        using var store = Open();
        var log = store.CreateLog();
        using var gate = new ManualResetEventSlim(false);
        _files.FlushGate = gate;
        _files.FlushStarted.Reset();

        var first = await log.AppendAsync(TestMessages.Batch("fast", 2), CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(3, log.NextSequence);
        TestMessages.AssertText(log, 2, "fast-1");
        Assert.True(_files.FlushStarted.Wait(TimeSpan.FromSeconds(10)), "the interval sync should run");
        gate.Set();
    }

    [Fact]
    public async Task AppendAsync_Interval_SyncsWithinTheInterval()
    {
        using var store = Open();
        var log = store.CreateLog();
        var flushesBefore = _files.Flushes;

        for (var i = 0; i < 50; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"i{i}", 1), CancellationToken.None);
        }

        await Eventually.TrueAsync(() => _files.Flushes > flushesBefore, "a flush", 10000);
        Assert.True(_files.Flushes - flushesBefore < 50);
    }

    [Fact]
    public async Task AppendAsync_IntervalFsyncFailed_LaterAppendsFail()
    {
        using var store = Open();
        var log = store.CreateLog();
        _files.FailNextFlushes(1);
        var flushesBefore = _files.Flushes;

        await log.AppendAsync(TestMessages.Batch("before", 1), CancellationToken.None);
        await Eventually.TrueAsync(() => _files.Flushes > flushesBefore, "a flush", 10000);

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await log.AppendAsync(TestMessages.Batch("after", 1), CancellationToken.None);
                return false;
            }
            catch (StorageFailedException)
            {
                return true;
            }
        }, "the append after a failed sync fails", 10000);
    }

    [Fact]
    public async Task Reopen_Interval_RecoversWhatWasWritten()
    {
        long logId;
        using (var store = Open())
        {
            var log = store.CreateLog();
            logId = log.LogId;
            await log.AppendAsync(TestMessages.Batch("kept", 10), CancellationToken.None);
        }

        using var reopened = Open();

        Assert.Equal(11, reopened.FindLog(logId)!.NextSequence);
    }
}
