namespace Tidings.Storage.Postgres.Messages;

/// <summary>
/// The budget of the store-wide cache. Each log keeps its cached messages itself (a ring of recent appends and a
/// few read-ahead windows, <see cref="PostgresMessageLog"/>); this keeps the order in which they were admitted
/// across all logs and, over budget, evicts the oldest first. Messages a log dropped early (truncation, a window
/// replaced) still count until their entry is evicted, which only frees memory sooner.
/// Thread-safe; its lock is never held while a log's lock is taken.
/// </summary>
internal sealed class PostgresMessageCache(long budgetBytes)
{
    /// <summary>What a cached message costs beyond its <c>Size</c>: the object, its arrays, the slot.</summary>
    public const int OverheadBytes = 160;

    private readonly Lock _lock = new();
    private readonly Queue<Entry> _entries = new();
    private long _bytes;

    public bool Enabled => budgetBytes > 0;

    public long BudgetBytes => budgetBytes;

    /// <summary>Bytes admitted and not yet evicted.</summary>
    public long Bytes
    {
        get { lock (_lock) { return _bytes; } }
    }

    /// <summary>Records that <paramref name="log"/> cached its appends below <paramref name="end"/>, then evicts over budget.</summary>
    public void AdmitAppended(PostgresMessageLog log, long end, long bytes) => Admit(new Entry(log, end, null, bytes));

    /// <summary>Records that <paramref name="log"/> holds <paramref name="window"/>, then evicts over budget.</summary>
    public void AdmitWindow(PostgresMessageLog log, ReadWindow window) => Admit(new Entry(log, 0, window, window.Bytes));

    private void Admit(Entry entry)
    {
        lock (_lock)
        {
            _entries.Enqueue(entry);
            _bytes += entry.Bytes;
        }
        while (true)
        {
            Entry victim;
            lock (_lock)
            {
                if (_bytes <= budgetBytes || !_entries.TryDequeue(out victim))
                {
                    return;
                }
                _bytes -= victim.Bytes;
            }
            if (victim.Window is { } window)
            {
                victim.Log.DropWindow(window);
            }
            else
            {
                victim.Log.EvictAppendedBelow(victim.End);
            }
        }
    }

    private readonly record struct Entry(PostgresMessageLog Log, long End, ReadWindow? Window, long Bytes);
}
