using Npgsql;
using Tidings.Storage.Postgres;
using Tidings.Storage.Postgres.Messages;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>A migrated test database and the message stores opened on it, all disposed together.</summary>
internal sealed class MessageStoreDatabase : IDisposable
{
    private readonly TestPostgres _database = new();
    private readonly List<PostgresMessageStore> _stores = [];

    /// <summary>Migrated to the latest version, or only up to <paramref name="schemaVersion"/> (a database an older Tidings made).</summary>
    public MessageStoreDatabase(int? schemaVersion = null)
    {
        DataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        if (schemaVersion is { } version)
        {
            MigrateTo(version);
        }
        else
        {
            PostgresSchema.Migrate(DataSource);
        }
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A new store on the database (disposed with it, if the test did not).</summary>
    public PostgresMessageStore Open(PostgresMessageStoreOptions? options = null)
    {
        var store = new PostgresMessageStore(DataSource, options, logger: null);
        _stores.Add(store);
        return store;
    }

    /// <summary>A new store on the database sharing <paramref name="cache"/> (disposed with it, if the test did not).</summary>
    public PostgresMessageStore Open(PostgresMessageStoreOptions? options, PostgresMessageCache cache)
    {
        var store = new PostgresMessageStore(DataSource, options, cache, logger: null);
        _stores.Add(store);
        return store;
    }

    public long Scalar(string sql)
    {
        using var connection = DataSource.OpenConnection();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Execute(string sql)
    {
        using var connection = DataSource.OpenConnection();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Applies and records the scripts up to <paramref name="version"/>, as the Tidings whose latest it was did.</summary>
    private void MigrateTo(int version)
    {
        Execute("CREATE TABLE tidings_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var (number, name, sql) in PostgresSchema.Migrations.Where(migration => migration.Version <= version))
        {
            Execute(sql);
            Execute($"INSERT INTO tidings_schema_migrations (version, name) VALUES ({number}, '{name}')");
        }
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        DataSource.Dispose();
        _database.Dispose();
    }
}
