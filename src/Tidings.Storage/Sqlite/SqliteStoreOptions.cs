namespace Tidings.Storage.Sqlite;

/// <summary>Where a SQLite store keeps its database file, and how large the file may grow.</summary>
/// <param name="Path">The database file; created with its tables when missing.</param>
public sealed record SqliteStoreOptions(string Path)
{
    /// <summary>
    /// Upper bound on the database size in bytes, rounded down to whole pages (4,096 bytes each); 0 means no bound
    /// but the disk's. A write that would grow the file past it fails with
    /// <see cref="Messages.StorageFullException"/>, exactly as on a full disk (SQLite reports both as SQLITE_FULL).
    /// Default 0.
    /// </summary>
    public long MaxSizeBytes { get; init; }
}
