using Npgsql;
using Tidings.Storage.Messages;
using Tidings.Storage.Postgres.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>Opening on an unreachable server, and closing with appends still queued.</summary>
public sealed class PostgresMessageStoreLifetimeTests : IDisposable
{
    private readonly MessageStoreDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Open_UnreachableServer_IsAStorageFailure()
    {
        using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2");

        Assert.Throws<StorageFailedException>(() => new PostgresMessageStore(nowhere, null, null));
    }

    [Fact]
    public async Task Dispose_WithAppendsQueued_CommitsOrFailsEachWholeAndRefusesLaterOnes()
    {
        var store = _database.Open();
        var log = store.CreateLog();
        var appends = Enumerable.Range(0, 200).Select(i => log.AppendAsync(TestMessages.Batch($"q{i}", 2), CancellationToken.None).AsTask()).ToList();

        store.Dispose();

        var committed = new List<(long First, int Index)>();
        for (var i = 0; i < appends.Count; i++)
        {
            try
            {
                committed.Add((await appends[i], i));
            }
            catch (StorageFailedException exception)
            {
                Assert.Contains("closing", exception.Message, StringComparison.Ordinal);
            }
        }
        Assert.Throws<ObjectDisposedException>(() => log.AppendAsync(TestMessages.Batch("late", 1), CancellationToken.None));
        using var reopened = _database.Open();
        var read = reopened.FindLog(log.LogId)!;
        Assert.Equal(1 + (2 * committed.Count), read.NextSequence);
        foreach (var (first, index) in committed)
        {
            TestMessages.AssertText(read, first, $"q{index}-0");
            TestMessages.AssertText(read, first + 1, $"q{index}-1");
        }
    }
}
