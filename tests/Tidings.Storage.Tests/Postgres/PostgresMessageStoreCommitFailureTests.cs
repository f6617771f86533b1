using Tidings.Storage.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>A group commit PostgreSQL refuses writes nothing of it; the log is not fenced and takes the next append at the same sequence.</summary>
public sealed class PostgresMessageStoreCommitFailureTests : IDisposable
{
    private readonly MessageStoreDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task AppendAsync_CommitRefused_FailsWritesNothingAndTheLogGoesOn()
    {
        using var store = _database.Open();
        var log = store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 2), CancellationToken.None);
        // A constraint stands in for any failure of the statement (the server's, or the connection's).
        _database.Execute("ALTER TABLE tidings_messages ADD CONSTRAINT refuse_666 CHECK (publish_time <> 666) NOT VALID");
        var refused = new[] { TestMessages.Create("ok"), new StoredMessage(new byte[] { 1 }, [], "", 666) };

        await Assert.ThrowsAsync<StorageFailedException>(async () => await log.AppendAsync(refused, CancellationToken.None));

        Assert.Equal(3, log.NextSequence);
        Assert.Equal(2, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id = {log.LogId}"));
        Assert.Equal(3, _database.Scalar($"SELECT next_sequence FROM tidings_message_logs WHERE id = {log.LogId}"));
        Assert.Equal(3, await log.AppendAsync(TestMessages.Batch("b", 1), CancellationToken.None));
        TestMessages.AssertText(log, 3, "b-0");
    }
}
