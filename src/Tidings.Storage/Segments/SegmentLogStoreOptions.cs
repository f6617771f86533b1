namespace Tidings.Storage.Segments;

/// <summary>Settings of a <see cref="SegmentLogStore"/>. See FORMAT.md beside this file for the files it writes.</summary>
public sealed class SegmentLogStoreOptions
{
    public const long DefaultSegmentBytes = 64L * 1024 * 1024;
    public const long DefaultCacheBytes = 64L * 1024 * 1024;

    /// <summary>Root directory of the logs (for example <c>&lt;data-dir&gt;/logs</c>); created when missing.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// A segment file is rolled once the next append would take it past this size, in bytes. Default 64 MiB,
    /// at least 4 KiB. A single append larger than this gets a segment of its own.
    /// </summary>
    public long SegmentBytes { get; init; } = DefaultSegmentBytes;

    /// <summary>When appends are answered; default <see cref="SyncMode.Always"/> (after fsync).</summary>
    public SyncMode SyncMode { get; init; } = SyncMode.Always;

    /// <summary>How often the files are fsynced in <see cref="SyncMode.Interval"/> mode. Default 100 ms.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Budget, in bytes, of the cache of the most recently appended messages (over all logs) that reads are
    /// served from without touching the disk; older messages are read back from their segment. Default 64 MiB;
    /// 0 disables the cache. Each message counts its <c>Size</c> plus a fixed overhead.
    /// </summary>
    public long CacheBytes { get; init; } = DefaultCacheBytes;

    /// <summary>
    /// When false (the default), a corrupt record that is not a torn tail stops start-up with a
    /// <see cref="SegmentCorruptionException"/>. When true, the log is truncated at the corruption instead and
    /// the dropped sequence range is reported in <see cref="SegmentLogStore.Recovery"/> and logged.
    /// </summary>
    public bool Repair { get; init; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("The segment log directory is required.", nameof(Directory));
        }
        if (SegmentBytes < 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentBytes), SegmentBytes, "Segments must be at least 4096 bytes.");
        }
        if (CacheBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CacheBytes), CacheBytes, "The cache budget cannot be negative.");
        }
        if (SyncMode == SyncMode.Interval && SyncInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SyncInterval), SyncInterval, "The sync interval must be positive.");
        }
    }
}
