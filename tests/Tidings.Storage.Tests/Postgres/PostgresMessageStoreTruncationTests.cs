using Tidings.Storage.Postgres.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>Truncated and deleted messages leave the table in the background, in bounded batches, and for good.</summary>
public sealed class PostgresMessageStoreTruncationTests : IDisposable
{
    private readonly MessageStoreDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task TruncateBefore_RemovesTheRowsInBatchesAndRecordsTheFirstSequence()
    {
        var store = _database.Open(new PostgresMessageStoreOptions { DeleteBatchMessages = 7 });
        var log = store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 100), CancellationToken.None);

        log.TruncateBefore(61);
        await store.Truncator.DrainAsync();

        Assert.Equal(40, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id = {log.LogId}"));
        Assert.Equal(61, _database.Scalar($"SELECT min(sequence) FROM tidings_messages WHERE log_id = {log.LogId}"));
        Assert.Equal(61, _database.Scalar($"SELECT first_sequence FROM tidings_message_logs WHERE id = {log.LogId}"));
        TestMessages.AssertText(log, 61, "a-60");
        Assert.False(log.TryRead(60, out _));
    }

    [Fact]
    public async Task DeleteLog_RemovesItsRowAtOnceAndItsMessagesInTheBackground()
    {
        var store = _database.Open(new PostgresMessageStoreOptions { DeleteBatchMessages = 16 });
        var kept = store.CreateLog();
        var deleted = store.CreateLog();
        await kept.AppendAsync(TestMessages.Batch("k", 5), CancellationToken.None);
        await deleted.AppendAsync(TestMessages.Batch("d", 50), CancellationToken.None);

        store.DeleteLog(deleted.LogId);

        Assert.Equal(0, _database.Scalar($"SELECT count(*) FROM tidings_message_logs WHERE id = {deleted.LogId}"));
        Assert.False(deleted.TryRead(1, out _));
        await store.Truncator.DrainAsync();
        Assert.Equal(0, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id = {deleted.LogId}"));
        Assert.Equal(5, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id = {kept.LogId}"));
    }

    [Fact]
    public async Task Open_WithLeftoversOfAnUnfinishedRemoval_RemovesThem()
    {
        var store = _database.Open();
        var log = store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 10), CancellationToken.None);
        store.Dispose();
        // As a crash leaves them: a truncation recorded but not carried out, and messages of a deleted log.
        _database.Execute($"UPDATE tidings_message_logs SET first_sequence = 4 WHERE id = {log.LogId}");
        _database.Execute("INSERT INTO tidings_messages SELECT 999, s, 0, '', '', '' FROM generate_series(1, 20) AS s");

        var reopened = _database.Open();
        await reopened.Truncator.DrainAsync();

        Assert.Equal(4, reopened.FindLog(log.LogId)!.FirstSequence);
        Assert.Equal(4, _database.Scalar($"SELECT min(sequence) FROM tidings_messages WHERE log_id = {log.LogId}"));
        Assert.Equal(0, _database.Scalar("SELECT count(*) FROM tidings_messages WHERE log_id = 999"));
    }
}
