using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

/// <summary>A crash part-way through writing the last record leaves a torn tail, cut at the next start.</summary>
public sealed class TornTailTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_LastRecordCutAtEveryByte_RecoversExactlyTheCompleteRecords()
    {
        var (logId, lastRecordStart) = await WriteLogAsync(count: 5);
        var file = TestStores.SegmentFiles(_directory.Path, logId).Single();
        var pristine = await File.ReadAllBytesAsync(file);

        for (var cut = lastRecordStart; cut < pristine.Length; cut++)
        {
            await File.WriteAllBytesAsync(file, pristine.AsMemory(0, (int)cut));

            using var store = TestStores.Open(_directory.Path);

            var log = store.FindLog(logId)!;
            Assert.Equal(5, log.NextSequence);
            TestMessages.AssertText(log, 4, "m-3");
            Assert.False(log.TryRead(5, out _));
            if (cut > lastRecordStart)
            {
                var tail = Assert.Single(store.Recovery.TornTails);
                Assert.Equal(lastRecordStart, tail.Offset);
                Assert.Equal(cut - lastRecordStart, tail.BytesCut);
            }
            Assert.Equal(lastRecordStart, new FileInfo(file).Length);
        }
    }

    [Fact]
    public async Task Open_TornTail_NextAppendTakesTheCutSequence()
    {
        var (logId, lastRecordStart) = await WriteLogAsync(count: 3);
        var file = TestStores.SegmentFiles(_directory.Path, logId).Single();
        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength(lastRecordStart + 5);
        }

        using var store = TestStores.Open(_directory.Path);
        var log = store.FindLog(logId)!;
        var next = await log.AppendAsync(TestMessages.Batch("again", 1), CancellationToken.None);

        Assert.Equal(3, next);
        TestMessages.AssertText(log, 3, "again-0");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0xFF)]
    public async Task Open_GarbageAfterTheLastRecord_IsCut(byte fill)
    {
        var (logId, _) = await WriteLogAsync(count: 3);
        var file = TestStores.SegmentFiles(_directory.Path, logId).Single();
        var length = new FileInfo(file).Length;
        using (var stream = new FileStream(file, FileMode.Append))
        {
            stream.Write(Enumerable.Repeat(fill, 4096).ToArray());
        }

        using var store = TestStores.Open(_directory.Path);

        Assert.Equal(4, store.FindLog(logId)!.NextSequence);
        Assert.Equal(length, Assert.Single(store.Recovery.TornTails).Offset);
    }

    [Fact]
    public async Task Open_DamagedLastRecord_IsCutAsTornTail()
    {
        var (logId, lastRecordStart) = await WriteLogAsync(count: 3);
        var file = TestStores.SegmentFiles(_directory.Path, logId).Single();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^3] ^= 0x55;
        await File.WriteAllBytesAsync(file, bytes);

        using var store = TestStores.Open(_directory.Path);

        Assert.Equal(3, store.FindLog(logId)!.NextSequence);
        Assert.Equal(lastRecordStart, Assert.Single(store.Recovery.TornTails).Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(31)]
    public async Task Open_NewSegmentWithTornHeader_RewritesTheHeader(int headerBytes)
    {
        var (logId, _) = await WriteLogAsync(count: 3);
        var next = Path.Combine(TestStores.LogDirectory(_directory.Path, logId), "00000000000000000004.seg");
        var header = (await File.ReadAllBytesAsync(TestStores.SegmentFiles(_directory.Path, logId)[0]))[..headerBytes];
        await File.WriteAllBytesAsync(next, header);

        using var store = TestStores.Open(_directory.Path);
        var log = store.FindLog(logId)!;

        Assert.Equal(4, log.NextSequence);
        Assert.Single(store.Recovery.TornTails);
        Assert.Equal(4, await log.AppendAsync(TestMessages.Batch("after", 1), CancellationToken.None));
        TestMessages.AssertText(log, 3, "m-2");
    }

    /// <summary>Writes <paramref name="count"/> messages to a new log; returns its id and where its last record starts.</summary>
    private async Task<(long LogId, long LastRecordStart)> WriteLogAsync(int count)
    {
        using var store = TestStores.Open(_directory.Path);
        var log = store.CreateLog();
        var file = "";
        long lastRecordStart = 0;
        for (var i = 0; i < count; i++)
        {
            file = TestStores.SegmentFiles(_directory.Path, log.LogId).Single();
            lastRecordStart = new FileInfo(file).Length;
            var message = TestMessages.Create($"m-{i}", 60 + i, i % 2 == 0 ? "" : "key", ("attr", $"value {i}"));
            await log.AppendAsync([message], CancellationToken.None);
        }
        return (log.LogId, lastRecordStart);
    }
}
