using Tidings.Storage.Messages;
using Tidings.Storage.Postgres.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>
/// Two stores writing one log (two leaders after a failover gone wrong): the one whose idea of the log's next
/// sequence is stale has its batch refused whole, and refuses that log from then on; its other logs go on.
/// </summary>
public sealed class PostgresMessageStoreFencingTests : IDisposable
{
    private readonly MessageStoreDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task AppendAsync_AfterAnotherStoreWroteTheLog_FailsWritesNothingAndRefusesTheLog()
    {
        var old = _database.Open(new PostgresMessageStoreOptions { Writers = 1 }); // one writer: one commit may hold both logs
        var shared = old.CreateLog();
        var own = old.CreateLog();
        await shared.AppendAsync(TestMessages.Batch("old", 3), CancellationToken.None);
        var successor = _database.Open();
        var taken = successor.FindLog(shared.LogId)!;
        Assert.Equal(4, await taken.AppendAsync(TestMessages.Batch("new", 2), CancellationToken.None));

        // Both logs' appends queued together, so they likely share one commit: only the stale log's fail.
        var stale = shared.AppendAsync(TestMessages.Batch("stale", 5), CancellationToken.None);
        var other = own.AppendAsync(TestMessages.Batch("own", 2), CancellationToken.None);

        await Assert.ThrowsAsync<StorageFailedException>(async () => await stale);
        Assert.Equal(1, await other);
        Assert.Equal(4, shared.NextSequence);
        var again = await Assert.ThrowsAsync<StorageFailedException>(async () => await shared.AppendAsync(TestMessages.Batch("again", 1), CancellationToken.None));
        Assert.Contains("refuses appends", again.Message, StringComparison.Ordinal);

        Assert.Equal(5, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id = {shared.LogId}"));
        Assert.Equal(6, _database.Scalar($"SELECT next_sequence FROM tidings_message_logs WHERE id = {shared.LogId}"));
        Assert.Equal(6, await taken.AppendAsync(TestMessages.Batch("newer", 1), CancellationToken.None));
        for (var sequence = 1; sequence <= 6; sequence++)
        {
            Assert.True(taken.TryRead(sequence, out var message));
            Assert.DoesNotContain("stale", TestMessages.Text(message), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AppendAsync_AfterAnotherStoreDeletedTheLog_Fails()
    {
        var old = _database.Open();
        var log = old.CreateLog();
        _database.Open().DeleteLog(log.LogId);

        await Assert.ThrowsAsync<StorageFailedException>(async () => await log.AppendAsync(TestMessages.Batch("a", 1), CancellationToken.None));

        Assert.Equal(0, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id = {log.LogId}"));
    }
}
