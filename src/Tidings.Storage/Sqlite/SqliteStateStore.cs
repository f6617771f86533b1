using Microsoft.Data.Sqlite;
using Tidings.Storage.State;

namespace Tidings.Storage.Sqlite;

/// <summary>
/// State documents in one SQLite table (<c>documents(kind, key, value)</c>), WAL journal and
/// <c>synchronous=FULL</c>, so a committed <see cref="Apply"/> survives a crash or power loss. One connection,
/// serialised by a lock: state changes are small and batched by their callers. SQLite failures surface as
/// <see cref="Messages.StorageFullException"/> and <see cref="Messages.StorageFailedException"/>; a failed
/// <see cref="Apply"/> is rolled back whole.
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    /// <summary>The table layout's version (<c>PRAGMA user_version</c>); the documents carry their own.</summary>
    private const int SchemaVersion = 1;

    private const string Schema =
        "CREATE TABLE IF NOT EXISTS documents (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;";

    private readonly Lock _lock = new();
    private readonly SqliteConnection _connection;

    public SqliteStateStore(string path)
        : this(new SqliteStoreOptions(path))
    {
    }

    public SqliteStateStore(SqliteStoreOptions options)
    {
        _connection = SqliteConnections.Open(options, Schema, SchemaVersion);
    }

    public IReadOnlyList<StateDocument> LoadAll(string kind)
    {
        lock (_lock)
        {
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT key, value FROM documents WHERE kind = $kind ORDER BY key;";
                command.Parameters.AddWithValue("$kind", kind);
                using var reader = command.ExecuteReader();
                var documents = new List<StateDocument>();
                while (reader.Read())
                {
                    documents.Add(new StateDocument(kind, reader.GetString(0), (byte[])reader.GetValue(1)));
                }
                return documents;
            }
            catch (SqliteException exception) when (SqliteErrors.IsStorageFault(exception))
            {
                throw SqliteErrors.ToStorageException(exception, $"Reading the {kind} state");
            }
        }
    }

    public void Apply(IReadOnlyList<StateChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }
        lock (_lock)
        {
            try
            {
                ApplyLocked(changes);
            }
            catch (SqliteException exception) when (SqliteErrors.IsStorageFault(exception))
            {
                throw SqliteErrors.ToStorageException(exception, "Writing the state");
            }
        }
    }

    /// <summary>One transaction; disposing it uncommitted rolls it back. Lock must be held.</summary>
    private void ApplyLocked(IReadOnlyList<StateChange> changes)
    {
        using var transaction = _connection.BeginTransaction();
        using var put = _connection.CreateCommand();
        put.Transaction = transaction;
        put.CommandText = "INSERT OR REPLACE INTO documents (kind, key, value) VALUES ($kind, $key, $value);";
        var putKind = put.Parameters.Add("$kind", SqliteType.Text);
        var putKey = put.Parameters.Add("$key", SqliteType.Text);
        var putValue = put.Parameters.Add("$value", SqliteType.Blob);
        using var delete = _connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM documents WHERE kind = $kind AND key = $key;";
        var deleteKind = delete.Parameters.Add("$kind", SqliteType.Text);
        var deleteKey = delete.Parameters.Add("$key", SqliteType.Text);
        foreach (var change in changes)
        {
            if (change.Value is { } value)
            {
                putKind.Value = change.Kind;
                putKey.Value = change.Key;
                putValue.Value = value.ToArray();
                put.ExecuteNonQuery();
            }
            else
            {
                deleteKind.Value = change.Kind;
                deleteKey.Value = change.Key;
                delete.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }
}
