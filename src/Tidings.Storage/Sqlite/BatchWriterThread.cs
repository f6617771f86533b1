namespace Tidings.Storage.Sqlite;

/// <summary>
/// One thread of its own that takes what is queued, in order, in batches of at most <c>maxBatch</c>, and hands each
/// batch to <c>runBatch</c>: the group commit of a store whose commit blocks in <c>fsync</c>. On a thread-pool thread
/// that block made the pool see a stalled worker and add threads, which then spun for work; a dedicated thread sleeps
/// in the kernel instead. A batch whose <c>runBatch</c> throws goes to <c>failBatch</c> (its items only); the thread
/// goes on with the next. <see cref="Dispose"/> stops taking items, runs what is queued, and waits for the thread.
/// </summary>
/// <typeparam name="T">A queued write; it completes its waiters itself, from <c>runBatch</c> or <c>failBatch</c>.</typeparam>
internal sealed class BatchWriterThread<T> : IDisposable
{
    private readonly object _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly int _maxBatch;
    private readonly Action<List<T>> _runBatch;
    private readonly Action<List<T>, Exception> _failBatch;
    private readonly Thread _thread;
    private bool _waiting;
    private bool _completed;

    /// <param name="name">The thread's name (seen in dumps and profiles).</param>
    /// <param name="maxBatch">At most this many items per batch.</param>
    /// <param name="runBatch">Runs a batch; called on the writer thread only, one batch at a time.</param>
    /// <param name="failBatch">Fails a batch whose <paramref name="runBatch"/> threw, with what it threw.</param>
    public BatchWriterThread(string name, int maxBatch, Action<List<T>> runBatch, Action<List<T>, Exception> failBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _maxBatch = maxBatch;
        _runBatch = runBatch;
        _failBatch = failBatch;
        _thread = new Thread(Loop) { Name = name, IsBackground = true };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="item"/> for a coming batch; false once <see cref="Dispose"/> has begun.</summary>
    public bool TryEnqueue(T item)
    {
        lock (_lock)
        {
            if (_completed)
            {
                return false;
            }
            _queue.Enqueue(item);
            // Only a sleeping writer needs the wake-up: a busy one takes the item with its next batch.
            if (_waiting)
            {
                Monitor.Pulse(_lock);
            }
            return true;
        }
    }

    /// <summary>Stops taking items, runs every item already queued, and returns when the thread has ended. Idempotent.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _completed = true;
            Monitor.PulseAll(_lock);
        }
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    private void Loop()
    {
        var batch = new List<T>(_maxBatch);
        while (Take(batch))
        {
            try
            {
                _runBatch(batch);
            }
            catch (Exception exception)
            {
                _failBatch(batch, exception);
            }
            batch.Clear();
        }
    }

    /// <summary>Waits for items and moves up to a batch of them into <paramref name="batch"/>; false when done and drained.</summary>
    private bool Take(List<T> batch)
    {
        lock (_lock)
        {
            while (_queue.Count == 0)
            {
                if (_completed)
                {
                    return false;
                }
                _waiting = true;
                Monitor.Wait(_lock);
                _waiting = false;
            }
            while (batch.Count < _maxBatch && _queue.TryDequeue(out var item))
            {
                batch.Add(item);
            }
            return true;
        }
    }
}
