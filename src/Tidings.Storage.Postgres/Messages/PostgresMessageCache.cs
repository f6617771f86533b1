namespace Tidings.Storage.Postgres.Messages;

/// <summary>
/// The budget of a message store's cache, which several stores of one process may share (one per Pub/Sub cell,
/// <see cref="PostgresMessageStoreOptions.Cell"/>) so that together they keep to one budget: pass it to each with
/// <see cref="PostgresMessageStore(Npgsql.NpgsqlDataSource, PostgresMessageStoreOptions?, PostgresMessageCache, Microsoft.Extensions.Logging.ILogger{PostgresMessageStore}?)"/>.
/// Each log keeps its cached messages itself (a ring of recent appends and a few read-ahead windows,
/// <see cref="PostgresMessageLog"/>); this keeps the order in which they were admitted across all logs and, over
/// budget, evicts the oldest first, whichever store's log they are. Entries refer to the log itself, not to its id,
/// so stores never confuse each other's logs (ids are unique across cells anyway: one sequence hands them all out).
/// Messages a log dropped early (truncation, a window replaced, the log deleted) still count until their entry is
/// evicted, which only frees memory sooner. Thread-safe; its lock is never held while a log's lock is taken.
/// </summary>
public sealed class PostgresMessageCache
{
    /// <summary>What a cached message costs beyond its <c>Size</c>: the object, its arrays, the slot.</summary>
    internal const int OverheadBytes = 160;

    private readonly long _budgetBytes;
    private readonly Lock _lock = new();
    private readonly Queue<Entry> _entries = new();
    private long _bytes;

    /// <summary>A cache of at most <paramref name="budgetBytes"/> bytes; 0 turns caching off.</summary>
    public PostgresMessageCache(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        _budgetBytes = budgetBytes;
    }

    internal bool Enabled => _budgetBytes > 0;

    /// <summary>The most bytes the cache holds (see <see cref="PostgresMessageStoreOptions.CacheBytes"/>).</summary>
    public long BudgetBytes => _budgetBytes;

    /// <summary>Bytes admitted and not yet evicted.</summary>
    public long Bytes
    {
        get { lock (_lock) { return _bytes; } }
    }

    /// <summary>Records that <paramref name="log"/> cached its appends below <paramref name="end"/>, then evicts over budget.</summary>
    internal void AdmitAppended(PostgresMessageLog log, long end, long bytes) => Admit(new Entry(log, end, null, bytes));

    /// <summary>Records that <paramref name="log"/> holds <paramref name="window"/>, then evicts over budget.</summary>
    internal void AdmitWindow(PostgresMessageLog log, ReadWindow window) => Admit(new Entry(log, 0, window, window.Bytes));

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
                if (_bytes <= _budgetBytes || !_entries.TryDequeue(out victim))
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

    /// <summary>
    /// Forgets the entries of <paramref name="store"/>'s logs (disposed; their logs already dropped what they
    /// cached), so a shared cache neither counts them against the other stores nor keeps the store reachable until
    /// they are evicted. One pass over the entries.
    /// </summary>
    internal void Forget(PostgresMessageStore store)
    {
        lock (_lock)
        {
            var count = _entries.Count;
            for (var i = 0; i < count; i++)
            {
                var entry = _entries.Dequeue();
                if (entry.Log.Store == store)
                {
                    _bytes -= entry.Bytes;
                }
                else
                {
                    _entries.Enqueue(entry); // the order of the others is kept
                }
            }
        }
    }

    private readonly record struct Entry(PostgresMessageLog Log, long End, ReadWindow? Window, long Bytes);
}
