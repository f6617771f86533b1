using Npgsql;

namespace Tidings.Storage.Postgres.Keys;

/// <summary>
/// Keys a cluster shares, by name, in <c>tidings_cluster_keys</c> (<c>Migrations/0005_cluster_keys.sql</c>): the first
/// node to ask for a name stores the key it made, and every node, that one included, gets the key stored first.
/// The store keeps the key text as given (a PEM); it knows nothing of its kind.
/// </summary>
/// <remarks>
/// Thread-safe: each call takes a connection from the data source's pool, which belongs to the caller.
/// </remarks>
public sealed class PostgresKeyStore(NpgsqlDataSource dataSource)
{
    // Two statements in one batch, each with its own snapshot under READ COMMITTED: a node whose insert waited on a
    // concurrent one for the same name (and then did nothing) reads the row that one committed.
    private const string InsertSql = "INSERT INTO tidings_cluster_keys (name, pem) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
    private const string ReadSql = "SELECT pem FROM tidings_cluster_keys WHERE name = $1";

    /// <summary>
    /// The key stored under <paramref name="name"/>; when there is none yet, stores <paramref name="create"/>'s (called
    /// at most once, before the round trip) unless another node stored one meanwhile, and returns the one that won.
    /// </summary>
    /// <exception cref="Messages.StorageFailedException">The database is unreachable or failed.</exception>
    public string LoadOrCreate(string name, Func<string> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(create);
        try
        {
            if (Read(name) is { } stored)
            {
                return stored; // the usual case: no key made for nothing (a 2048-bit RSA key takes ~100 ms)
            }
            using var batch = dataSource.CreateBatch();
            var insert = new NpgsqlBatchCommand(InsertSql);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = create() });
            batch.BatchCommands.Add(insert);
            var read = new NpgsqlBatchCommand(ReadSql);
            read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            batch.BatchCommands.Add(read);
            using var reader = batch.ExecuteReader();
            do
            {
                if (reader.FieldCount > 0 && reader.Read())
                {
                    return reader.GetString(0);
                }
            }
            while (reader.NextResult());
            throw new InvalidOperationException($"The cluster key {name} was neither stored nor found.");
        }
        catch (Exception exception) when (PostgresErrors.IsStorageFault(exception))
        {
            throw PostgresErrors.ToStorageException(exception, $"Loading the cluster key {name}");
        }
    }

    private string? Read(string name)
    {
        using var command = dataSource.CreateCommand(ReadSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return command.ExecuteScalar() as string;
    }
}
