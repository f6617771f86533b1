using Tidings.Storage.Postgres;
using Tidings.Storage.Postgres.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>
/// Stores of different Pub/Sub cells on one database: each loads, lists, finds, writes and deletes only its cell's
/// logs; a database made before cells opens as cell 0; stores of one process may share one cache and its budget.
/// </summary>
public sealed class PostgresMessageStoreCellTests : IDisposable
{
    private readonly MessageStoreDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void CreateLog_InTwoCells_EachStoreListsAndFindsOnlyItsOwn()
    {
        using var cell0 = _database.Open(new PostgresMessageStoreOptions { Cell = 0 });
        using var cell1 = _database.Open(new PostgresMessageStoreOptions { Cell = 1 });

        var a = cell0.CreateLog();
        var b = cell1.CreateLog();
        var c = cell0.CreateLog();

        Assert.Equal(new[] { a.LogId, c.LogId }, cell0.ListLogIds().Order());
        Assert.Equal(new[] { b.LogId }, cell1.ListLogIds());
        Assert.Same(a, cell0.FindLog(a.LogId));
        Assert.Same(b, cell1.FindLog(b.LogId));
        Assert.Null(cell0.FindLog(b.LogId));
        Assert.Null(cell1.FindLog(a.LogId));
        Assert.Null(cell1.FindLog(c.LogId));
        Assert.Equal(0, _database.Scalar($"SELECT cell FROM tidings_message_logs WHERE id = {a.LogId}"));
        Assert.Equal(1, _database.Scalar($"SELECT cell FROM tidings_message_logs WHERE id = {b.LogId}"));
        Assert.Equal(0, _database.Scalar($"SELECT cell FROM tidings_message_logs WHERE id = {c.LogId}"));
    }

    [Fact]
    public async Task Open_AfterBothCellsWrote_EachReadsBackItsOwnLogsOnly()
    {
        var cell0 = _database.Open(new PostgresMessageStoreOptions { Cell = 0 });
        var cell1 = _database.Open(new PostgresMessageStoreOptions { Cell = 1 });
        var zero = cell0.CreateLog();
        var one = cell1.CreateLog();
        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(
                zero.AppendAsync(TestMessages.Batch($"zero{round}", 10), CancellationToken.None).AsTask(),
                one.AppendAsync(TestMessages.Batch($"one{round}", 7), CancellationToken.None).AsTask());
        }
        one.TruncateBefore(8);
        await cell1.Truncator.DrainAsync();
        cell0.Dispose();
        cell1.Dispose();

        // Cell 1 first, and done with its start-up work, before cell 0 opens: it must not have touched cell 0's log.
        using var reopened1 = _database.Open(new PostgresMessageStoreOptions { Cell = 1 });
        await reopened1.Truncator.DrainAsync();
        using var reopened0 = _database.Open(new PostgresMessageStoreOptions { Cell = 0 });

        Assert.Equal(new[] { zero.LogId }, reopened0.ListLogIds());
        Assert.Equal(new[] { one.LogId }, reopened1.ListLogIds());
        var zeroAgain = reopened0.FindLog(zero.LogId)!;
        Assert.Equal(1, zeroAgain.FirstSequence);
        Assert.Equal(51, zeroAgain.NextSequence);
        for (var sequence = 1; sequence <= 50; sequence++)
        {
            TestMessages.AssertText(zeroAgain, sequence, $"zero{(sequence - 1) / 10}-{(sequence - 1) % 10}");
        }
        var oneAgain = reopened1.FindLog(one.LogId)!;
        Assert.Equal(8, oneAgain.FirstSequence);
        Assert.Equal(36, oneAgain.NextSequence);
        Assert.False(oneAgain.TryRead(7, out _));
        for (var sequence = 8; sequence <= 35; sequence++)
        {
            TestMessages.AssertText(oneAgain, sequence, $"one{(sequence - 1) / 7}-{(sequence - 1) % 7}");
        }
        Assert.Equal(50, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id = {zero.LogId}"));

        Assert.Equal(51, await zeroAgain.AppendAsync(TestMessages.Batch("zero-after", 1), CancellationToken.None));
        Assert.Equal(36, await oneAgain.AppendAsync(TestMessages.Batch("one-after", 1), CancellationToken.None));
    }

    [Fact]
    public async Task DeleteLog_InOneCell_LeavesTheOtherCellsLogsAlone()
    {
        using var cell0 = _database.Open(new PostgresMessageStoreOptions { Cell = 0 });
        using var cell1 = _database.Open(new PostgresMessageStoreOptions { Cell = 1 });
        var kept = cell0.CreateLog();
        var deleted = cell1.CreateLog();
        await kept.AppendAsync(TestMessages.Batch("k", 5), CancellationToken.None);
        await deleted.AppendAsync(TestMessages.Batch("d", 5), CancellationToken.None);

        cell0.DeleteLog(deleted.LogId); // not cell 0's log: nothing happens

        Assert.Same(deleted, cell1.FindLog(deleted.LogId));
        Assert.Equal(1, _database.Scalar($"SELECT count(*) FROM tidings_message_logs WHERE id = {deleted.LogId}"));
        Assert.Equal(6, await deleted.AppendAsync(TestMessages.Batch("d-after", 1), CancellationToken.None));

        cell1.DeleteLog(deleted.LogId);
        await cell1.Truncator.DrainAsync();

        Assert.Empty(cell1.ListLogIds());
        Assert.Equal(0, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id = {deleted.LogId}"));
        Assert.Equal(new[] { kept.LogId }, cell0.ListLogIds());
        Assert.Equal(5, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id = {kept.LogId}"));
        TestMessages.AssertText(kept, 5, "k-4");
        Assert.Equal(6, await kept.AppendAsync(TestMessages.Batch("k-after", 1), CancellationToken.None));
    }

    [Fact]
    public async Task Open_SeveralCellsAtOnce_PurgeTheSameOrphansTogetherAndNothingElse()
    {
        var writer = _database.Open(new PostgresMessageStoreOptions { Cell = 0 });
        var live = writer.CreateLog();
        await live.AppendAsync(TestMessages.Batch("live", 100), CancellationToken.None);
        writer.Dispose();
        // The leftovers of a log deleted before a crash: messages whose log row is gone (ids are never reused).
        _database.Execute("INSERT INTO tidings_messages SELECT 999, s, 0, '', '', '' FROM generate_series(1, 20000) AS s");

        var options = Enumerable.Range(0, 3).Select(cell => new PostgresMessageStoreOptions { Cell = cell, DeleteBatchMessages = 200 });
        var stores = await Task.WhenAll(options.Select(option => Task.Run(() => _database.Open(option))));
        await Task.WhenAll(stores.Select(store => store.Truncator.DrainAsync()));

        Assert.Equal(0, _database.Scalar("SELECT count(*) FROM tidings_messages WHERE log_id = 999"));
        Assert.Equal(100, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id = {live.LogId}"));
        var reopened = stores[0].FindLog(live.LogId)!;
        TestMessages.AssertText(reopened, 100, "live-99");
        Assert.Equal(101, await reopened.AppendAsync(TestMessages.Batch("after", 1), CancellationToken.None));
        Assert.All(stores.Skip(1), store => Assert.Empty(store.ListLogIds()));
    }

    [Fact]
    public async Task Open_DatabaseMadeBeforeCells_IsCellZero()
    {
        var cells = PostgresSchema.Migrations.Single(migration => migration.Name == "0007_message_log_cells.sql").Version;
        using var old = new MessageStoreDatabase(schemaVersion: cells - 1);
        // A log as the store before cells wrote it: sequences 2 and 3, 1 truncated.
        var logId = old.Scalar("INSERT INTO tidings_message_logs (next_sequence, first_sequence) VALUES (4, 2) RETURNING id");
        old.Execute($"INSERT INTO tidings_messages SELECT {logId}, s, 1700000000000000, '', '', convert_to('old-' || s, 'UTF8') FROM generate_series(2, 3) AS s");

        Assert.Equal(PostgresSchema.LatestVersion - (cells - 1), PostgresSchema.Migrate(old.DataSource));

        Assert.Equal(0, old.Scalar($"SELECT cell FROM tidings_message_logs WHERE id = {logId}"));
        using var cell1 = old.Open(new PostgresMessageStoreOptions { Cell = 1 });
        Assert.Empty(cell1.ListLogIds());
        Assert.Null(cell1.FindLog(logId));
        using var cell0 = old.Open();
        Assert.Equal(new[] { logId }, cell0.ListLogIds());
        var log = cell0.FindLog(logId)!;
        Assert.Equal(2, log.FirstSequence);
        Assert.Equal(4, log.NextSequence);
        Assert.False(log.TryRead(1, out _));
        TestMessages.AssertText(log, 2, "old-2");
        TestMessages.AssertText(log, 3, "old-3");
        Assert.Equal(4, await log.AppendAsync(TestMessages.Batch("new", 1), CancellationToken.None));
        Assert.True(cell0.CreateLog().LogId > logId);
    }

    [Fact]
    public async Task SharedCache_TwoCells_EachReadsItsOwnMessagesFromIt()
    {
        var cache = new PostgresMessageCache(1024 * 1024);
        using var cell0 = _database.Open(new PostgresMessageStoreOptions { Cell = 0 }, cache);
        var cell1 = _database.Open(new PostgresMessageStoreOptions { Cell = 1, CacheBytes = 0 }, cache); // the shared budget applies
        var zero = cell0.CreateLog();
        var one = cell1.CreateLog();
        // The same sequences in both logs, so a mix-up between them would show.
        await zero.AppendAsync(TestMessages.Batch("zero", 20, dataBytes: 100), CancellationToken.None);
        await one.AppendAsync(TestMessages.Batch("one", 20, dataBytes: 100), CancellationToken.None);

        for (var sequence = 1; sequence <= 20; sequence++)
        {
            TestMessages.AssertText(zero, sequence, $"zero-{sequence - 1}");
            TestMessages.AssertText(one, sequence, $"one-{sequence - 1}");
        }

        Assert.Equal((20, 0), (cell0.CacheReads.Hits, cell0.CacheReads.Misses));
        Assert.Equal((20, 0), (cell1.CacheReads.Hits, cell1.CacheReads.Misses));
        var zeroBytes = CachedBytes(TestMessages.Batch("zero", 20, dataBytes: 100));
        var oneBytes = CachedBytes(TestMessages.Batch("one", 20, dataBytes: 100));
        Assert.Equal(zeroBytes + oneBytes, cache.Bytes);
        Assert.Equal(cache.Bytes, cell0.CachedBytes);
        Assert.Equal(cache.Bytes, cell1.CachedBytes);

        cell1.Dispose();

        Assert.Equal(zeroBytes, cache.Bytes); // cell 1's entries forgotten
        TestMessages.AssertText(zero, 20, "zero-19");
        Assert.Equal(0, cell0.CacheReads.Misses);
    }

    [Fact]
    public async Task SharedCache_OverBudget_EvictsAcrossCellsAndReadsTheEvictedBack()
    {
        var cache = new PostgresMessageCache(64 * 1024);
        using var cell0 = _database.Open(new PostgresMessageStoreOptions { Cell = 0 }, cache);
        using var cell1 = _database.Open(new PostgresMessageStoreOptions { Cell = 1 }, cache);
        var zero = cell0.CreateLog();
        var one = cell1.CreateLog();
        await zero.AppendAsync(TestMessages.Batch("zero", 10, dataBytes: 1024), CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            await one.AppendAsync(TestMessages.Batch($"one{i}", 10, dataBytes: 1024), CancellationToken.None);
        }

        Assert.InRange(cache.Bytes, 1, 64 * 1024);
        for (var sequence = 1; sequence <= 10; sequence++)
        {
            TestMessages.AssertText(zero, sequence, $"zero-{sequence - 1}");
        }
        Assert.Equal(1, cell0.CacheReads.Misses); // evicted by cell 1's appends: read back by one read-ahead
        Assert.Equal(9, cell0.CacheReads.Hits);
        TestMessages.AssertText(one, 100, "one9-9");
        Assert.Equal(0, cell1.CacheReads.Misses);
        Assert.InRange(cache.Bytes, 1, 64 * 1024);
    }

    [Fact]
    public void Open_NegativeCellOrCacheBudget_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _database.Open(new PostgresMessageStoreOptions { Cell = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PostgresMessageCache(-1));
        Assert.Throws<ArgumentNullException>(() => _database.Open(null, cache: null!));
    }

    private static long CachedBytes(IEnumerable<Tidings.Storage.Messages.StoredMessage> messages) =>
        messages.Sum(message => (long)message.Size + PostgresMessageCache.OverheadBytes);
}
