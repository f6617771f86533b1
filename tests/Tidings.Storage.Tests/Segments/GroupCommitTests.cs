using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

public sealed class GroupCommitTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FaultyFileOps _files = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AppendAsync_WhileAnFsyncRuns_AppendsShareTheNextOne()
    {
        using var store = TestStores.Open(_directory.Path, files: _files);
        var log = store.CreateLog();
        var flushesBefore = _files.Flushes;
        using var gate = new ManualResetEventSlim(false);
        _files.FlushGate = gate;

        var appends = new List<Task<long>>();
        for (var i = 0; i < 100; i++)
        {
            appends.Add(log.AppendAsync(TestMessages.Batch($"g{i}", 1), CancellationToken.None).AsTask());
        }
        gate.Set();
        var sequences = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), sequences);
        Assert.InRange(_files.Flushes - flushesBefore, 1, 2);
    }

    [Fact]
    public async Task AppendAsync_ManyConcurrentAppenders_UseFewerFsyncsThanAppends()
    {
        using var store = TestStores.Open(_directory.Path, files: _files);
        var log = store.CreateLog();
        var flushesBefore = _files.Flushes;
        const int Appends = 400;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < Appends / 16; i++)
            {
                await log.AppendAsync(TestMessages.Batch($"w{writer}", 1, dataBytes: 1024), CancellationToken.None);
            }
        })));

        Assert.Equal(Appends + 1, log.NextSequence);
        Assert.True(_files.Flushes - flushesBefore < Appends / 2, $"{_files.Flushes - flushesBefore} fsyncs for {Appends} appends");
    }

    [Fact]
    public async Task AppendAsync_BeforeItsFsync_IsNeitherCompleteNorReadable()
    {
        using var store = TestStores.Open(_directory.Path, files: _files);
        var log = store.CreateLog();
        using var gate = new ManualResetEventSlim(false);
        _files.FlushGate = gate;

        _files.FlushStarted.Reset();

        var append = log.AppendAsync(TestMessages.Batch("pending", 2), CancellationToken.None).AsTask();
        Assert.True(_files.FlushStarted.Wait(TimeSpan.FromSeconds(10)));

        Assert.False(append.IsCompleted);
        Assert.Equal(1, log.NextSequence);
        Assert.False(log.TryRead(1, out _));
        log.TruncateBefore(3);
        Assert.Equal(1, log.FirstSequence);

        gate.Set();
        Assert.Equal(1, await append);
        Assert.Equal(3, log.NextSequence);
        TestMessages.AssertText(log, 2, "pending-1");
    }

    [Fact]
    public async Task AppendAsync_SeveralLogs_OneFlusherSyncsThemAll()
    {
        using var store = TestStores.Open(_directory.Path, files: _files);
        var logs = Enumerable.Range(0, 5).Select(_ => store.CreateLog()).ToList();

        var firsts = await Task.WhenAll(logs.Select(log => log.AppendAsync(TestMessages.Batch("x", 3), CancellationToken.None).AsTask()));

        Assert.All(firsts, first => Assert.Equal(1, first));
        Assert.All(logs, log => Assert.Equal(4, log.NextSequence));
    }
}
