using Microsoft.Data.Sqlite;

namespace Tidings.Storage.Sqlite;

/// <summary>Opens the connection every SQLite store uses: WAL journal, synchronous=FULL, the size bound applied.</summary>
internal static class SqliteConnections
{
    /// <summary>
    /// WAL with synchronous=FULL makes a committed transaction survive a crash or power loss. Throws
    /// <see cref="Messages.StorageFailedException"/> (or <see cref="Messages.StorageFullException"/>) when the file
    /// cannot be opened or prepared; <paramref name="schema"/> runs once, after the pragmas.
    /// </summary>
    public static SqliteConnection Open(SqliteStoreOptions options, string schema)
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
            Execute(connection, schema);
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

    private static long PageSize(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size;";
        return (long)command.ExecuteScalar()!;
    }
}
