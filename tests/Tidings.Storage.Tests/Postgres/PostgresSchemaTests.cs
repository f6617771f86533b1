using Npgsql;
using Tidings.Storage.Messages;
using Tidings.Storage.Postgres;

namespace Tidings.Storage.Tests.Postgres;

public sealed class PostgresSchemaTests : IDisposable
{
    private readonly TestPostgres _database = new();
    private readonly NpgsqlDataSource _dataSource;

    public PostgresSchemaTests() => _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);

    public void Dispose()
    {
        _dataSource.Dispose();
        _database.Dispose();
    }

    [Fact]
    public void Migrate_EmptyDatabase_AppliesEveryScriptOnceAndRecordsTheLatestVersion()
    {
        Assert.Equal(PostgresSchema.Migrations.Count, PostgresSchema.Migrate(_dataSource));
        Assert.Equal(0, PostgresSchema.Migrate(_dataSource));

        using var connection = _dataSource.OpenConnection();
        Assert.Equal(PostgresSchema.LatestVersion, PostgresSchema.CurrentVersion(connection));
    }

    [Fact]
    public async Task Migrate_FromSeveralNodesAtOnce_AppliesEachScriptExactlyOnce()
    {
        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.Migrate(_dataSource))));

        Assert.Equal(PostgresSchema.Migrations.Count, applied.Sum());
    }

    [Fact]
    public void Migrate_DatabaseOfANewerTidings_IsRefused()
    {
        PostgresSchema.Migrate(_dataSource);
        using (var connection = _dataSource.OpenConnection())
        using (var command = new NpgsqlCommand($"INSERT INTO tidings_schema_migrations (version, name) VALUES ({PostgresSchema.LatestVersion + 1}, 'future')", connection))
        {
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<StorageFailedException>(() => PostgresSchema.Migrate(_dataSource));
        Assert.Contains("newer than this Tidings knows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrate_UnreachableServer_IsAStorageFailure()
    {
        using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2");

        Assert.Throws<StorageFailedException>(() => PostgresSchema.Migrate(nowhere));
    }
}
