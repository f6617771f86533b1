using Npgsql;
using Tidings.Storage.Postgres;
using Tidings.Storage.Postgres.Messages;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>A migrated test database and the message stores opened on it, all disposed together.</summary>
internal sealed class MessageStoreDatabase : IDisposable
{
    private readonly TestPostgres _database = new();
    private readonly List<PostgresMessageStore> _stores = [];

    public MessageStoreDatabase()
    {
        DataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        PostgresSchema.Migrate(DataSource);
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A new store on the database (disposed with it, if the test did not).</summary>
    public PostgresMessageStore Open(PostgresMessageStoreOptions? options = null)
    {
        var store = new PostgresMessageStore(DataSource, options, logger: null);
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
