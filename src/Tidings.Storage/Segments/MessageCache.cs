namespace Tidings.Storage.Segments;

/// <summary>
/// The budget of the store-wide cache of recently appended messages. Each log keeps its cached messages in a
/// ring (<see cref="SegmentLog"/>); this keeps the order in which batches were admitted across all logs and, over
/// budget, evicts the oldest batches first, so the cache holds roughly the last <c>CacheBytes</c> appended.
/// Messages dropped early by truncation still count until their batch is evicted, which only frees memory sooner.
/// Thread-safe; its lock is never held while a log's lock is taken.
/// </summary>
internal sealed class MessageCache(long budgetBytes)
{
    /// <summary>What a cached message costs beyond its <c>Size</c>: the object, its attribute list, the ring slot.</summary>
    public const int OverheadBytes = 128;

    private readonly Lock _lock = new();
    private readonly Queue<(SegmentLog Log, long End, long Bytes)> _batches = new();
    private long _bytes;

    public bool Enabled => budgetBytes > 0;

    /// <summary>Bytes admitted and not yet evicted (an upper bound of what the rings hold).</summary>
    public long Bytes
    {
        get { lock (_lock) { return _bytes; } }
    }

    /// <summary>Records that <paramref name="log"/> cached a batch ending before <paramref name="end"/>, then evicts over budget.</summary>
    public void Admit(SegmentLog log, long end, long bytes)
    {
        (SegmentLog Log, long End, long Bytes) victim;
        lock (_lock)
        {
            _batches.Enqueue((log, end, bytes));
            _bytes += bytes;
        }
        while (true)
        {
            lock (_lock)
            {
                if (_bytes <= budgetBytes || !_batches.TryDequeue(out victim))
                {
                    return;
                }
                _bytes -= victim.Bytes;
            }
            victim.Log.EvictCacheBelow(victim.End);
        }
    }
}
