using System.Text;
using Tidings.Storage.Messages;
using Tidings.Storage.Segments;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

/// <summary>Reading several messages at once: runs read from disk with one read each, across segments and the cache.</summary>
public sealed class ReadManyTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TryReadMany_RunsAcrossSegmentsAndLongerThanOneRead_MatchTryRead()
    {
        using var store = TestStores.Open(_directory.Path, segmentBytes: 64 * 1024, cacheBytes: 0);
        var log = store.CreateLog();
        for (var i = 0; i < 40; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"b{i}", 25, dataBytes: 1000), CancellationToken.None); // ~1 MB in ~16 segments
        }
        var sequences = Enumerable.Range(1, 1000).Select(i => (long)i).ToArray(); // one run: more than MaxReadRunBytes
        var into = new StoredMessage?[sequences.Length];

        log.TryReadMany(sequences, into);

        Assert.True(TestStores.SegmentFiles(_directory.Path, log.LogId).Length > 10);
        Assert.True(1000 * 1000 > SegmentLog.MaxReadRunBytes);
        for (var i = 0; i < sequences.Length; i++)
        {
            Assert.True(log.TryRead(sequences[i], out var expected));
            Assert.NotNull(into[i]);
            TestMessages.AssertSame(expected, into[i]!);
        }
    }

    [Fact]
    public async Task TryReadMany_GapsRepeatsDescendingAndOutOfRange_MatchTryRead()
    {
        using var store = TestStores.Open(_directory.Path, segmentBytes: 16 * 1024, cacheBytes: 0);
        var log = store.CreateLog();
        for (var i = 0; i < 10; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"b{i}", 10, dataBytes: 500), CancellationToken.None);
        }
        log.TruncateBefore(30);
        long[] sequences = [0, 1, 29, 30, 31, 32, 40, 39, 38, 38, 55, 56, 57, 100, 101, 2000, -3, 99, 100];
        var into = new StoredMessage?[sequences.Length];

        log.TryReadMany(sequences, into);

        TestMessages.AssertAsTryRead(log, sequences, into);
        Assert.Null(into[Array.IndexOf(sequences, 101L)]);
        Assert.NotNull(into[Array.IndexOf(sequences, 100L)]);
    }

    [Fact]
    public async Task TryReadMany_RunReachingTheCache_ServesTheCachedPartFromIt()
    {
        const long Budget = 16 * 1024;
        using var store = TestStores.Open(_directory.Path, segmentBytes: 256 * 1024, cacheBytes: Budget);
        var log = store.CreateLog();
        for (var i = 0; i < 100; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"c{i}", 1, dataBytes: 1024), CancellationToken.None);
        }
        var sequences = Enumerable.Range(1, 100).Select(i => (long)i).ToArray();
        var into = new StoredMessage?[sequences.Length];
        var (hits, misses) = (store.CacheReads.Hits, store.CacheReads.Misses);

        log.TryReadMany(sequences, into);

        for (var i = 0; i < sequences.Length; i++)
        {
            Assert.Equal($"c{i}-0", TestMessages.Text(into[i]!));
        }
        var (cached, read) = (store.CacheReads.Hits - hits, store.CacheReads.Misses - misses);
        Assert.Equal(100, cached + read);
        Assert.InRange(cached, 1, 16); // the budget holds the newest dozen or so
        Assert.True(log.TryRead(100, out var newest));
        Assert.Same(newest, into[99]); // the newest came from the cache, not a fresh decode
    }

    [Fact]
    public async Task TryReadMany_CorruptRecordInARun_FailsNamingItsSequence()
    {
        using var store = TestStores.Open(_directory.Path, cacheBytes: 0);
        var log = store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("r", 10, dataBytes: 200), CancellationToken.None);
        CorruptData(log.LogId, "r-6");
        var into = new StoredMessage?[10];

        var error = Assert.Throws<StorageFailedException>(() => log.TryReadMany([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], into));

        Assert.Contains("sequence 7 ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Flips a byte of the message whose data starts with <paramref name="text"/> in the log's only segment.</summary>
    private void CorruptData(long logId, string text)
    {
        var file = TestStores.SegmentFiles(_directory.Path, logId).Single();
        var bytes = File.ReadAllBytes(file);
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text));
        Assert.True(at > 0);
        bytes[at] ^= 0x01;
        File.WriteAllBytes(file, bytes);
    }
}
