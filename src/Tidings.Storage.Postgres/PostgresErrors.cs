using System.Net.Sockets;
using Npgsql;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Postgres;

/// <summary>
/// Turns Npgsql's and PostgreSQL's failures into the storage errors every store raises (callers and the API layer
/// answer RESOURCE_EXHAUSTED and UNAVAILABLE for them), so no Npgsql type leaves this assembly. Errors that mean a
/// bug in our SQL (syntax, an unexpected constraint) are left alone: no client could wait them out.
/// </summary>
public static class PostgresErrors
{
    /// <summary>True for a condition of the server or the connection rather than of our SQL.</summary>
    public static bool IsStorageFault(Exception exception) => exception switch
    {
        PostgresException postgres => IsServerCondition(postgres.SqlState),
        NpgsqlException => true, // connection refused, broken, timed out
        SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The storage error for a fault <see cref="IsStorageFault"/> accepted; <paramref name="action"/> says what failed.</summary>
    public static IOException ToStorageException(Exception exception, string action) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DiskFull or PostgresErrorCodes.OutOfMemory }
            ? new StorageFullException($"{action} failed: no space left on the PostgreSQL server ({exception.Message})", exception)
            : new StorageFailedException($"{action} failed ({exception.Message})", exception);

    // Classes 08 (connection), 53 (insufficient resources), 57 (operator intervention: shutdown, cancel), 58 (system
    // error: I/O), XX (internal), 40 (serialization failure, deadlock: retryable) and 25006 (read-only transaction:
    // we reached a standby after a failover).
    private static bool IsServerCondition(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal) ||
        sqlState.StartsWith("57", StringComparison.Ordinal) || sqlState.StartsWith("58", StringComparison.Ordinal) ||
        sqlState.StartsWith("XX", StringComparison.Ordinal) || sqlState.StartsWith("40", StringComparison.Ordinal) ||
        sqlState == PostgresErrorCodes.ReadOnlySqlTransaction;
}
