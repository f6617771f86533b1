namespace Tidings.Storage.Monitoring;

/// <summary>Reads of the message logs served from the cache and from disk, since the store opened. Interlocked, lock-free.</summary>
public sealed class CacheCounters
{
    private long _hits;
    private long _misses;

    public long Hits => Volatile.Read(ref _hits);

    /// <summary>Reads that went to a segment file (every read when the cache is off).</summary>
    public long Misses => Volatile.Read(ref _misses);

    internal void Hit() => Interlocked.Increment(ref _hits);

    internal void Miss() => Interlocked.Increment(ref _misses);
}
