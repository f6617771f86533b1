using Microsoft.Data.Sqlite;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Sqlite;

/// <summary>
/// Turns SQLite's result codes into the storage errors every store raises, so callers (and the API layer, which
/// answers RESOURCE_EXHAUSTED and UNAVAILABLE for them) never see a SQLite type. Codes that mean a bug in our SQL
/// (syntax, constraint, misuse) are left alone: they are not storage conditions a client could wait out.
/// </summary>
internal static class SqliteErrors
{
    // Primary result codes, https://sqlite.org/rescode.html. SQLite answers SQLITE_FULL for ENOSPC and for a database
    // at its max_page_count alike.
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int NoMem = 7;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Protocol = 15;
    private const int NotADatabase = 26;

    public static bool IsStorageFault(SqliteException exception) => exception.SqliteErrorCode is
        Full or Perm or Busy or Locked or NoMem or ReadOnly or IoErr or Corrupt or CantOpen or Protocol or NotADatabase;

    /// <summary>The storage error for a fault <see cref="IsStorageFault"/> accepted; <paramref name="action"/> says what failed.</summary>
    public static IOException ToStorageException(SqliteException exception, string action) =>
        exception.SqliteErrorCode == Full
            ? new StorageFullException($"{action} failed: no space left ({exception.Message})", exception)
            : new StorageFailedException($"{action} failed ({exception.Message})", exception);
}
