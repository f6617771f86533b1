using Tidings.Storage.Postgres.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>Reads of recent appends come from memory; a miss reads a range ahead in one query; the budget holds.</summary>
public sealed class PostgresMessageStoreCacheTests : IDisposable
{
    private readonly MessageStoreDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task TryRead_RecentAppends_AreServedFromTheCache()
    {
        using var store = _database.Open();
        var log = store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 50), CancellationToken.None);

        for (var sequence = 1; sequence <= 50; sequence++)
        {
            TestMessages.AssertText(log, sequence, $"a-{sequence - 1}");
        }

        Assert.Equal(50, store.CacheReads.Hits);
        Assert.Equal(0, store.CacheReads.Misses);
    }

    [Fact]
    public async Task TryRead_ColdRange_ReadsAheadByCountInOneQuery()
    {
        await FillAsync(600, dataBytes: 64);
        using var store = _database.Open(new PostgresMessageStoreOptions { ReadAheadMessages = 256 });
        var log = store.FindLog(1)!;

        for (var sequence = 1; sequence <= 600; sequence++)
        {
            TestMessages.AssertText(log, sequence, $"m-{sequence - 1}");
        }

        Assert.Equal(3, store.CacheReads.Misses); // 1, 257, 513
        Assert.Equal(597, store.CacheReads.Hits);
    }

    [Fact]
    public async Task TryRead_ColdRangeOfLargeMessages_ReadsAheadByBytes()
    {
        await FillAsync(20, dataBytes: 1024);
        using var store = _database.Open(new PostgresMessageStoreOptions { ReadAheadBytes = 4096 });
        var log = store.FindLog(1)!;

        for (var sequence = 1; sequence <= 20; sequence++)
        {
            TestMessages.AssertText(log, sequence, $"m-{sequence - 1}");
        }

        Assert.Equal(5, store.CacheReads.Misses); // four 1 KiB messages per query
    }

    [Fact]
    public async Task AppendAsync_PastTheBudget_EvictsTheOldestAndReadsThemBack()
    {
        using var store = _database.Open(new PostgresMessageStoreOptions { CacheBytes = 64 * 1024 });
        var log = store.CreateLog();
        for (var i = 0; i < 20; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"b{i}", 10, dataBytes: 1024), CancellationToken.None);
        }

        Assert.InRange(store.CachedBytes, 1, 64 * 1024);
        TestMessages.AssertText(log, 1, "b0-0");
        TestMessages.AssertText(log, 200, "b19-9");
        Assert.InRange(store.CachedBytes, 1, 64 * 1024);
        Assert.Equal(1, store.CacheReads.Misses);
    }

    [Fact]
    public async Task TryRead_CacheOff_ReadsEachMessageFromTheDatabase()
    {
        using var store = _database.Open(new PostgresMessageStoreOptions { CacheBytes = 0 });
        var log = store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 3), CancellationToken.None);

        TestMessages.AssertText(log, 1, "a-0");
        TestMessages.AssertText(log, 2, "a-1");

        Assert.Equal(2, store.CacheReads.Misses);
        Assert.Equal(0, store.CachedBytes);
    }

    /// <summary>Log 1 with <paramref name="count"/> messages "m-i", written by a store that is then closed.</summary>
    private async Task FillAsync(int count, int dataBytes)
    {
        using var writer = _database.Open();
        var log = writer.CreateLog();
        Assert.Equal(1, log.LogId);
        await log.AppendAsync(TestMessages.Batch("m", count, dataBytes), CancellationToken.None);
    }
}
