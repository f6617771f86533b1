using Tidings.Storage.Messages;

namespace Tidings.Storage.Postgres.Messages;

/// <summary>
/// One topic log in <c>tidings_messages</c>. Appends are queued to the store's writer, which commits them (with
/// every other log's) in one transaction and only then numbers them into this log (<see cref="Committed"/>); reads
/// come from the cache of recent appends and read-ahead windows, or from one range query on a miss.
/// <para>
/// Concurrency: the mutable fields are guarded by <c>_lock</c>, which is never held during a query.
/// <see cref="NextSequence"/> and <see cref="FirstSequence"/> are written under the lock and read without it; the
/// next sequence only moves on the writer's loop, so the writer reads it there without the lock. Lock order: a
/// log's lock is never held while the cache's lock is taken.
/// </para>
/// </summary>
internal sealed partial class PostgresMessageLog : IMessageLog
{
    private readonly PostgresMessageStore _store;
    private readonly Lock _lock = new();

    /// <summary>Everything below is committed; what the next append is numbered from.</summary>
    private long _next;

    private long _first;

    /// <summary>Set once appends are refused for good: another writer moved the log (fenced), it was deleted, or the store closed.</summary>
    private Exception? _refusal;

    /// <summary>Set once the log was deleted or the store disposed: reads find nothing, the cache is dropped.</summary>
    private bool _released;

    /// <summary>1 while the log waits in the truncator's queue.</summary>
    private int _truncateQueued;

    public PostgresMessageLog(PostgresMessageStore store, long logId, long next, long first)
    {
        _store = store;
        LogId = logId;
        _next = next;
        _first = first;
        _ringStart = next;
    }

    public long LogId { get; }

    /// <summary>The store the log belongs to (a shared cache holds several stores' logs).</summary>
    internal PostgresMessageStore Store => _store;

    public long NextSequence => Volatile.Read(ref _next);

    public long FirstSequence => Volatile.Read(ref _first);

    /// <summary>
    /// Queues the batch to the store's writer and completes once the transaction holding it committed; sequence
    /// numbers are given by the writer in queue order. Cancellation is observed only before queueing.
    /// </summary>
    public ValueTask<long> AppendAsync(IReadOnlyList<StoredMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        if (messages.Count == 0)
        {
            return ValueTask.FromResult(NextSequence);
        }
        if (Volatile.Read(ref _refusal) is { } refusal)
        {
            throw refusal is ObjectDisposedException ? new ObjectDisposedException(nameof(PostgresMessageStore)) : refusal;
        }
        long bytes = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            bytes += messages[i].Size;
        }
        var append = new PendingAppend(this, messages, bytes);
        _store.WriterFor(LogId).Enqueue(append);
        return new ValueTask<long>(append.Task);
    }

    public void TruncateBefore(long sequence)
    {
        lock (_lock)
        {
            sequence = Math.Min(sequence, _next);
            if (_released || sequence <= _first)
            {
                return;
            }
            Volatile.Write(ref _first, sequence);
            EvictAppendedBelowLocked(sequence);
            _windows.RemoveAll(window => window.End <= sequence);
        }
        QueueTruncation();
    }

    /// <summary>Queues the background removal of the messages below the first sequence, unless it already waits.</summary>
    internal void QueueTruncation()
    {
        if (Interlocked.Exchange(ref _truncateQueued, 1) == 0)
        {
            _store.Truncator.EnqueueTruncation(this);
        }
    }

    /// <summary>True while the truncator has yet to record and carry out a truncation of this log.</summary>
    internal bool IsTruncationQueued => Volatile.Read(ref _truncateQueued) != 0;

    /// <summary>The truncator took the log from its queue; a later truncation queues it again.</summary>
    internal void ClearTruncateQueued() => Volatile.Write(ref _truncateQueued, 0);

    /// <summary>Why appends are refused, or null while they are taken. Any thread.</summary>
    internal Exception? Refusal => Volatile.Read(ref _refusal);

    /// <summary>
    /// The writer's transaction holding <paramref name="count"/> messages from <see cref="NextSequence"/> on
    /// committed: caches them, makes them readable, then completes their appends. Writer loop only.
    /// </summary>
    internal void Committed(IReadOnlyList<PendingAppend> appends, int count)
    {
        long first;
        long cachedBytes;
        lock (_lock)
        {
            first = _next;
            cachedBytes = _released ? 0 : CacheAppended(appends, first);
            Volatile.Write(ref _next, first + count);
        }
        if (cachedBytes > 0)
        {
            _store.Cache.AdmitAppended(this, first + count, cachedBytes);
        }
        var sequence = first;
        foreach (var append in appends)
        {
            append.Complete(sequence);
            sequence += append.Messages.Count;
        }
    }

    /// <summary>
    /// The end this log's last commit would have moved it to, when that commit failed without a clear answer;
    /// 0 otherwise. Writer loop only.
    /// </summary>
    internal long UnconfirmedEnd { get; set; }

    /// <summary>
    /// A commit reported failed did land: the messages up to <paramref name="end"/> are committed (read back from
    /// the database, not cached). Writer loop only.
    /// </summary>
    internal void AdoptCommitted(long end)
    {
        lock (_lock)
        {
            EvictAppendedBelowLocked(_next);
            _ringStart = end;
            Volatile.Write(ref _next, end);
        }
    }

    /// <summary>
    /// Another writer moved the log's row (or deleted it): refuses appends from now on and returns the error for
    /// the appends of the failed batch. Writer loop only.
    /// </summary>
    internal Exception Fence(long expectedNext)
    {
        var refusal = new StorageFailedException(
            $"Log {LogId} was written by another writer (its next sequence is no longer {expectedNext}) or deleted; it refuses appends until restart.");
        return Interlocked.CompareExchange(ref _refusal, refusal, null) ?? refusal;
    }

    /// <summary>Refuses appends and reads from now on and drops the cache: the log was deleted or the store disposed.</summary>
    internal void Release(Exception reason)
    {
        lock (_lock)
        {
            Interlocked.CompareExchange(ref _refusal, reason, null);
            _released = true;
            ClearCacheLocked();
        }
    }
}
