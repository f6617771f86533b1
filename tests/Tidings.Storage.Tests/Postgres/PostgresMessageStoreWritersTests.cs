using Tidings.Storage.Messages;
using Tidings.Storage.Postgres.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>
/// Several writer loops: each log is committed by one of them, always the same, so appends to different logs commit
/// in parallel while each log keeps its order, its numbering and its fence.
/// </summary>
public sealed class PostgresMessageStoreWritersTests : IDisposable
{
    private readonly MessageStoreDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void WriterFor_ConsecutiveLogs_SpreadOverEveryWriterAndStayWithOne()
    {
        using var store = _database.Open(new PostgresMessageStoreOptions { Writers = 3 });
        var logs = Enumerable.Range(0, 6).Select(_ => store.CreateLog().LogId).ToList();

        Assert.Equal(3, logs.Select(store.WriterFor).Distinct().Count());
        Assert.All(logs, id => Assert.Same(store.WriterFor(id), store.WriterFor(id)));
    }

    [Fact]
    public async Task AppendAsync_ManyLogsAtOnce_EachInOrderAndAllThereAfterReopening()
    {
        var store = _database.Open(new PostgresMessageStoreOptions { Writers = 3 });
        var logs = Enumerable.Range(0, 6).Select(_ => store.CreateLog()).ToList();

        var firsts = await Task.WhenAll(logs.Select(async log =>
        {
            var sequences = new List<long>();
            for (var round = 0; round < 5; round++)
            {
                sequences.Add(await log.AppendAsync(TestMessages.Batch($"r{round}", 10), CancellationToken.None));
            }
            return sequences;
        }));
        store.Dispose();

        Assert.All(firsts, sequences => Assert.Equal([1, 11, 21, 31, 41], sequences));
        using var reopened = _database.Open(new PostgresMessageStoreOptions { Writers = 1 });
        foreach (var log in logs)
        {
            var read = reopened.FindLog(log.LogId)!;
            Assert.Equal(51, read.NextSequence);
            TestMessages.AssertText(read, 1, "r0-0");
            TestMessages.AssertText(read, 50, "r4-9");
        }
        Assert.Equal(300, _database.Scalar($"SELECT count(*) FROM tidings_messages WHERE log_id IN ({string.Join(',', logs.Select(log => log.LogId))})"));
    }

    [Fact]
    public async Task AppendAsync_LogFencedOnOneWriter_OtherWritersLogsGoOn()
    {
        var old = _database.Open(new PostgresMessageStoreOptions { Writers = 2 });
        var shared = old.CreateLog();
        var other = old.CreateLog();
        Assert.NotSame(old.WriterFor(shared.LogId), old.WriterFor(other.LogId));
        await shared.AppendAsync(TestMessages.Batch("old", 1), CancellationToken.None);
        var successor = _database.Open(new PostgresMessageStoreOptions { Writers = 2 });
        await successor.FindLog(shared.LogId)!.AppendAsync(TestMessages.Batch("new", 1), CancellationToken.None);

        await Assert.ThrowsAsync<StorageFailedException>(async () => await shared.AppendAsync(TestMessages.Batch("stale", 1), CancellationToken.None));

        Assert.Equal(1, await other.AppendAsync(TestMessages.Batch("other", 2), CancellationToken.None));
        Assert.Equal(3, await other.AppendAsync(TestMessages.Batch("more", 1), CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PostgresMessageStoreOptions.MaxWriters + 1)]
    public void Open_WritersOutOfRange_Refused(int writers)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _database.Open(new PostgresMessageStoreOptions { Writers = writers }));
    }
}
