using Npgsql;
using Tidings.Storage.Postgres;
using Tidings.Storage.Postgres.Keys;

namespace Tidings.Storage.Tests.Postgres;

public sealed class PostgresKeyStoreTests : IDisposable
{
    private readonly TestPostgres _database = new();
    private readonly NpgsqlDataSource _dataSource;

    public PostgresKeyStoreTests()
    {
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        PostgresSchema.Migrate(_dataSource);
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task LoadOrCreate_ConcurrentFirstLoads_AllGetTheOneKeyStored()
    {
        // Each "node" has its own data source, as separate processes would, and makes a key of its own.
        var loaded = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
        {
            using var node = NpgsqlDataSource.Create(_database.ConnectionString);
            return new PostgresKeyStore(node).LoadOrCreate("signing", () => $"key of node {i}");
        })));

        Assert.Single(loaded.Distinct());
        Assert.Equal(loaded[0], new PostgresKeyStore(_dataSource).LoadOrCreate("signing", () => "a later key"));
    }

    [Fact]
    public void LoadOrCreate_Reopened_ReturnsTheStoredKeyWithoutMakingOne()
    {
        var first = new PostgresKeyStore(_dataSource).LoadOrCreate("signing", () => "the first key");

        using var reopened = NpgsqlDataSource.Create(_database.ConnectionString);
        var again = new PostgresKeyStore(reopened).LoadOrCreate("signing", () => throw new InvalidOperationException("made a key again"));

        Assert.Equal("the first key", first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void LoadOrCreate_KeysOfDifferentNames_AreKeptApart()
    {
        var store = new PostgresKeyStore(_dataSource);

        Assert.Equal("a", store.LoadOrCreate("one", () => "a"));
        Assert.Equal("b", store.LoadOrCreate("two", () => "b"));
        Assert.Equal("a", store.LoadOrCreate("one", () => "c"));
    }

    [Fact]
    public void LoadOrCreate_UnreachableServer_IsAStorageFailure()
    {
        using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2");

        Assert.Throws<Tidings.Storage.Messages.StorageFailedException>(() => new PostgresKeyStore(nowhere).LoadOrCreate("signing", () => "k"));
    }
}
