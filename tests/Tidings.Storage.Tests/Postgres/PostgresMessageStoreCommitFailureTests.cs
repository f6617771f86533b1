using Tidings.Storage.Messages;
using Tidings.Storage.Postgres.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>
/// A group commit PostgreSQL refuses writes nothing of it; the log is not fenced and takes the next append at the
/// same sequence. A commit whose answer was lost but which landed is recognised by the writer's mark on the row.
/// </summary>
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AppendAsync_AfterACommitWhoseAnswerWasLost_KeepsItsOwnLandedWriteOrIsFenced(bool ownWrite)
    {
        using var store = _database.Open();
        var log = (PostgresMessageLog)store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 2), CancellationToken.None);
        // What a commit that landed while the connection broke leaves: the rows, the log row moved and marked by
        // its writer, and the writer told of a failure (the connection break itself is not injected here).
        var writer = ownWrite ? store.WriterFor(log.LogId).WriterId : Guid.NewGuid();
        _database.Execute($"INSERT INTO tidings_messages SELECT {log.LogId}, s, 0, '', '', convert_to('lost-' || (s - 3), 'UTF8') FROM generate_series(3, 4) AS s");
        _database.Execute($"UPDATE tidings_message_logs SET next_sequence = 5, writer = '{writer}' WHERE id = {log.LogId}");
        log.UnconfirmedEnd = 5;

        if (!ownWrite)
        {
            await Assert.ThrowsAsync<StorageFailedException>(async () => await log.AppendAsync(TestMessages.Batch("b", 1), CancellationToken.None));
            Assert.Equal(3, log.NextSequence);
            return;
        }
        Assert.Equal(5, await log.AppendAsync(TestMessages.Batch("b", 1), CancellationToken.None));
        TestMessages.AssertText(log, 3, "lost-0");
        TestMessages.AssertText(log, 4, "lost-1");
        TestMessages.AssertText(log, 5, "b-0");
        Assert.Equal(6, log.NextSequence);
    }
}
