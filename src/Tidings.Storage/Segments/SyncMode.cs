namespace Tidings.Storage.Segments;

/// <summary>When an append is answered relative to the fsync that makes it durable.</summary>
public enum SyncMode
{
    /// <summary>
    /// The default: an append completes, and its messages become readable, only after an fsync covers them.
    /// Concurrent appends share one fsync (group commit). Nothing answered is lost on a crash or power cut.
    /// </summary>
    Always,

    /// <summary>
    /// The relaxed mode: an append completes, and its messages become readable, right after the write to the
    /// page cache; the files are fsynced every <see cref="SegmentLogStoreOptions.SyncInterval"/>. A process crash
    /// loses nothing, but a power cut or kernel crash may lose the messages of the last interval.
    /// </summary>
    Interval,
}
