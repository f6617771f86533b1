using Npgsql;
using NpgsqlTypes;
using Tidings.Storage.State;

namespace Tidings.Storage.Postgres.State;

/// <summary>
/// State documents in one PostgreSQL table, <c>tidings_state(kind, key, value)</c> (<c>Migrations/0001</c>), shared by
/// every node of a cluster. An <see cref="Apply"/> is one round trip and one transaction: a batch of two statements
/// over arrays (the deletes, then the puts as <c>INSERT … ON CONFLICT DO UPDATE</c>), which Npgsql sends with one
/// Sync, so PostgreSQL runs them as one implicit transaction and a failure of either rolls back both. Committed is
/// durable as the server's <c>synchronous_commit</c> makes it. Nothing is cached: every <see cref="LoadAll"/> reads
/// the table, so a node sees what another wrote. Failures surface as <see cref="Messages.StorageFullException"/> and
/// <see cref="Messages.StorageFailedException"/> (<see cref="PostgresErrors"/>).
/// </summary>
/// <remarks>
/// Thread-safe: each call takes a connection from the data source's pool. The data source belongs to the caller
/// (the stores of one process share it); disposing the store does not dispose it.
/// </remarks>
public sealed class PostgresStateStore : IStateStore
{
    // Ordered by the primary key, whose columns collate "C": ordinal key order, read off the index.
    private const string LoadSql = "SELECT key, value FROM tidings_state WHERE kind = $1 ORDER BY key";

    private const string DeleteSql = """
        DELETE FROM tidings_state s
        USING unnest($1::text[], $2::text[]) AS d(kind, key)
        WHERE s.kind = d.kind AND s.key = d.key
        """;

    private const string PutSql = """
        INSERT INTO tidings_state (kind, key, value)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])
        ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value
        """;

    private readonly NpgsqlDataSource _dataSource;
    private volatile bool _disposed;

    /// <param name="dataSource">A data source on a database migrated by <see cref="PostgresSchema.Migrate"/>.</param>
    public PostgresStateStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    public IReadOnlyList<StateDocument> LoadAll(string kind)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            using var command = _dataSource.CreateCommand(LoadSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
            using var reader = command.ExecuteReader();
            var documents = new List<StateDocument>();
            while (reader.Read())
            {
                documents.Add(new StateDocument(kind, reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
            }
            return documents;
        }
        catch (Exception exception) when (PostgresErrors.IsStorageFault(exception))
        {
            throw PostgresErrors.ToStorageException(exception, $"Reading the {kind} state");
        }
    }

    public void Apply(IReadOnlyList<StateChange> changes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (changes.Count == 0)
        {
            return;
        }
        var (deletes, puts) = Net(changes);
        try
        {
            using var batch = _dataSource.CreateBatch();
            if (deletes.Count > 0)
            {
                var delete = new NpgsqlBatchCommand(DeleteSql);
                delete.Parameters.Add(TextArray(deletes.Select(change => change.Kind)));
                delete.Parameters.Add(TextArray(deletes.Select(change => change.Key)));
                batch.BatchCommands.Add(delete);
            }
            if (puts.Count > 0)
            {
                var put = new NpgsqlBatchCommand(PutSql);
                put.Parameters.Add(TextArray(puts.Select(change => change.Kind)));
                put.Parameters.Add(TextArray(puts.Select(change => change.Key)));
                put.Parameters.Add(new NpgsqlParameter<byte[][]>
                {
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea,
                    TypedValue = puts.Select(change => Bytea.Of(change.Value!.Value)).ToArray(),
                });
                batch.BatchCommands.Add(put);
            }
            batch.ExecuteNonQuery();
        }
        catch (Exception exception) when (PostgresErrors.IsStorageFault(exception))
        {
            throw PostgresErrors.ToStorageException(exception, "Writing the state");
        }
    }

    /// <summary>
    /// Which of <paramref name="kinds"/> hold a document keyed <paramref name="key"/>, in ordinal order: one probe of
    /// the primary key per kind. A cluster finds the cell of a subscription or snapshot so, by the kind its cell keeps
    /// it under.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindKindsAsync(IReadOnlyList<string> kinds, string key, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT kind FROM tidings_state WHERE kind = ANY($1) AND key = $2 ORDER BY kind");
            command.Parameters.Add(TextArray(kinds));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var found = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(reader.GetString(0));
            }
            return found;
        }
        catch (Exception exception) when (PostgresErrors.IsStorageFault(exception))
        {
            throw PostgresErrors.ToStorageException(exception, "Reading the state");
        }
    }

    /// <summary>Later calls throw <see cref="ObjectDisposedException"/>; the data source stays open.</summary>
    public void Dispose() => _disposed = true;

    /// <summary>
    /// The batch's net effect: the last change of each document, split into deletes and puts, each sorted by (kind,
    /// key). Applying changes in order comes down to that, since no two changes of a batch then touch one row (an
    /// upsert may not touch a row twice); the sort makes concurrent batches lock shared rows in one order, so they
    /// queue rather than deadlock.
    /// </summary>
    private static (List<StateChange> Deletes, List<StateChange> Puts) Net(IReadOnlyList<StateChange> changes)
    {
        var last = new Dictionary<(string Kind, string Key), StateChange>(changes.Count);
        foreach (var change in changes)
        {
            last[(change.Kind, change.Key)] = change;
        }
        var ordered = last.Values
            .OrderBy(change => change.Kind, StringComparer.Ordinal)
            .ThenBy(change => change.Key, StringComparer.Ordinal)
            .ToList();
        return (ordered.Where(change => change.Value is null).ToList(), ordered.Where(change => change.Value is not null).ToList());
    }

    private static NpgsqlParameter<string[]> TextArray(IEnumerable<string> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = values.ToArray() };
}
