using Microsoft.Data.Sqlite;

namespace Tidings.Storage.Sqlite;

/// <summary>
/// Opens the connection every SQLite store uses: WAL journal, synchronous=FULL, the size bound applied, and the
/// schema version checked (<c>PRAGMA user_version</c>; 0, a file from before versions were recorded, is version 1).
/// </summary>
internal static class SqliteConnections
{
    /// <summary>
    /// WAL with synchronous=FULL makes a committed transaction survive a crash or power loss. Throws
    /// <see cref="Messages.StorageFailedException"/> (or <see cref="Messages.StorageFullException"/>) when the file
    /// cannot be opened or prepared, and <see cref="InvalidDataException"/> when a newer Tidings wrote it.
    /// <paramref name="schema"/> (idempotent DDL) runs after the pragmas and the version check.
    /// </summary>
    public static SqliteConnection Open(SqliteStoreOptions options, string schema, int schemaVersion)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=FULL;");
            if (options.MaxSizeBytes > 0)
            {
                Execute(connection, $"PRAGMA max_page_count={Math.Max(1, options.MaxSizeBytes / PageSize(connection))};");
            }
            var stored = (long)Scalar(connection, "PRAGMA user_version;");
            if (stored > schemaVersion)
            {
                throw new InvalidDataException(
                    $"The database {options.Path} has schema version {stored}, but this Tidings reads versions up to {schemaVersion}: " +
                    "it was written by a newer Tidings. Start that version (or a newer one) on it.");
            }
            Execute(connection, schema);
            Execute(connection, $"PRAGMA user_version={schemaVersion};");
            return connection;
        }
        catch (SqliteException exception) when (SqliteErrors.IsStorageFault(exception))
        {
            connection.Dispose();
            throw SqliteErrors.ToStorageException(exception, $"Opening the database {options.Path}");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long PageSize(SqliteConnection connection) => (long)Scalar(connection, "PRAGMA page_size;");

    private static object Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()!;
    }
}
