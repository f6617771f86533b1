using System.Text;
using Npgsql;
using Tidings.Storage.Postgres;
using Tidings.Storage.Postgres.State;
using Tidings.Storage.State;
using Tidings.Storage.Tests.State;

namespace Tidings.Storage.Tests.Postgres;

public sealed class PostgresStateStoreComplianceTests : StateStoreCompliance
{
    private readonly TestPostgres _database = new();
    private readonly NpgsqlDataSource _dataSource;

    public PostgresStateStoreComplianceTests()
    {
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        PostgresSchema.Migrate(_dataSource);
    }

    protected override IStateStore CreateStore() => new PostgresStateStore(_dataSource);

    public override void Dispose()
    {
        base.Dispose();
        _dataSource.Dispose();
        _database.Dispose();
    }

    [Fact]
    public void Reopen_AfterDispose_KeepsEveryAppliedChange()
    {
        Store.Apply([StateChange.Put("topic", "a", Encoding.UTF8.GetBytes("1")), StateChange.Put("topic", "b", Encoding.UTF8.GetBytes("2"))]);
        Store.Apply([StateChange.Delete("topic", "b")]);
        Store.Dispose();

        // A new data source, as a restarted node has: nothing carried over but the database.
        using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        using var reopened = new PostgresStateStore(dataSource);
        Assert.Equal("a", Assert.Single(reopened.LoadAll("topic")).Key);
    }

    [Fact]
    public void Apply_ThousandsOfChangesOfBothKinds_AppliedWithTheLastChangeOfEachKeyWinning()
    {
        Store.Apply(Enumerable.Range(0, 3000).Select(i => StateChange.Put("ack", $"k{i:D4}", Encoding.UTF8.GetBytes($"v{i}"))).ToList());

        var changes = new List<StateChange>();
        for (var i = 0; i < 3000; i += 2)
        {
            changes.Add(StateChange.Delete("ack", $"k{i:D4}"));
        }
        changes.Add(StateChange.Put("ack", "k0000", Encoding.UTF8.GetBytes("back")));
        changes.Add(StateChange.Put("ack", "k0001", Encoding.UTF8.GetBytes("first")));
        changes.Add(StateChange.Put("ack", "k0001", Encoding.UTF8.GetBytes("second")));
        changes.Add(StateChange.Delete("ack", "k0003"));
        Store.Apply(changes);

        var documents = Store.LoadAll("ack");
        Assert.Equal(1500, documents.Count); // 1,500 odd keys, one of them deleted, and k0000 put back
        Assert.Equal("back", Encoding.UTF8.GetString(documents[0].Value));
        Assert.Equal(("k0001", "second"), (documents[1].Key, Encoding.UTF8.GetString(documents[1].Value)));
        Assert.Equal("k0005", documents[2].Key);
    }

    [Fact]
    public void LoadAll_KeysBeyondAscii_InOrdinalOrder()
    {
        Store.Apply([.. new[] { "b", "B", "é", "a-z" }.Select(key => StateChange.Put("topic", key, Encoding.UTF8.GetBytes(key)))]);

        Assert.Equal(["B", "a-z", "b", "é"], Store.LoadAll("topic").Select(document => document.Key));
    }

    [Fact]
    public async Task Apply_ConcurrentBatchesOverTheSameKeysInAnyOrder_NoneFails()
    {
        // Each batch locks its rows in (kind, key) order whatever order it lists them in, so batches wait for each
        // other rather than deadlock (which PostgreSQL would end by failing one of them).
        var store = Store;
        var keys = Enumerable.Range(0, 40).Select(i => $"k{i:D2}").ToArray();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(writer => Task.Run(() =>
        {
            var random = new Random(writer);
            for (var round = 0; round < 15; round++)
            {
                var order = keys.OrderBy(_ => random.Next()).ToArray();
                store.Apply([.. order.Select(key => StateChange.Put("sub", key, Encoding.UTF8.GetBytes($"{writer}-{round}")))]);
            }
        })));

        Assert.Equal(keys, Store.LoadAll("sub").Select(document => document.Key));
    }

    [Fact]
    public async Task FindKinds_NamesTheKindsAmongThoseAskedThatHoldTheKey()
    {
        Store.Apply([
            StateChange.Put("pubsub.subscription@2", "projects/p/subscriptions/s", Encoding.UTF8.GetBytes("x")),
            StateChange.Put("pubsub.subscription@0", "projects/p/subscriptions/other", Encoding.UTF8.GetBytes("x")),
            StateChange.Put("pubsub.snapshot@1", "projects/p/subscriptions/s", Encoding.UTF8.GetBytes("x")),
        ]);
        var store = (PostgresStateStore)Store;
        string[] kinds = ["pubsub.subscription@0", "pubsub.subscription@1", "pubsub.subscription@2", "pubsub.subscription@3"];

        Assert.Equal(["pubsub.subscription@2"], await store.FindKindsAsync(kinds, "projects/p/subscriptions/s", CancellationToken.None));
        Assert.Empty(await store.FindKindsAsync(kinds, "projects/p/subscriptions/missing", CancellationToken.None));
    }
}
