using System.Threading.Channels;
using Npgsql;
using Tidings.Storage.Monitoring;

namespace Tidings.Storage.Postgres.Tasks;

/// <summary>
/// Group commit for one kind of task write (creates, or deletes): calls queue here and one loop runs what is queued as
/// one statement over arrays, so a burst of writes costs PostgreSQL one transaction and one WAL flush instead of one
/// each; while a statement runs, new writes queue for the next. Each write keeps its own outcome: a batch never holds
/// the same task twice (a second write of a task waits for the next batch, so it sees the first one's result), and
/// when PostgreSQL refuses a batch (a full disk on one row, say) it was rolled back whole and each of its writes runs
/// again alone, so only the one at fault fails. A batch lost with its connection fails every write of it: whether it
/// committed is unknown, as it would be for a write of its own.
/// </summary>
/// <typeparam name="TWrite">One write; <see cref="TaskKey"/> names its task.</typeparam>
/// <typeparam name="TResult">Its outcome.</typeparam>
internal sealed class TaskWriteBatcher<TWrite, TResult>
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<TWrite>, Task<IReadOnlyList<TResult>>> _runBatch;
    private readonly Func<TWrite, Task<TResult>> _runAlone;
    private readonly Func<TWrite, TaskKey> _keyOf;
    private readonly Func<TWrite, long> _bytesOf;
    private readonly int _maxWrites;
    private readonly long _maxBytes;
    private readonly Task _loop;

    /// <param name="runBatch">Runs writes as one statement; returns their outcomes in their order.</param>
    /// <param name="runAlone">Runs one write as a statement of its own.</param>
    /// <param name="keyOf">The task a write is for.</param>
    /// <param name="bytesOf">What a write adds to a statement's size (its payload).</param>
    /// <param name="maxWrites">At most this many writes a statement.</param>
    /// <param name="maxBytes">A statement takes no more writes once this size is reached (it always takes one).</param>
    public TaskWriteBatcher(Func<IReadOnlyList<TWrite>, Task<IReadOnlyList<TResult>>> runBatch, Func<TWrite, Task<TResult>> runAlone,
        Func<TWrite, TaskKey> keyOf, Func<TWrite, long> bytesOf, int maxWrites, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWrites, 1);
        _runBatch = runBatch;
        _runAlone = runAlone;
        _keyOf = keyOf;
        _bytesOf = bytesOf;
        _maxWrites = maxWrites;
        _maxBytes = maxBytes;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Queues the write; completes when its batch has committed (or failed). Cancelling drops it only while it is queued.</summary>
    public Task<TResult> WriteAsync(TWrite write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(write, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresTaskStore));
        }
        return pending.Completion.Task;
    }

    /// <summary>Takes no more writes; those queued still run. The returned task ends with the loop.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _loop;
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>();
        var deferred = new List<Pending>();
        var keys = new HashSet<TaskKey>();
        while (deferred.Count > 0 || await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            keys.Clear();
            var bytes = 0L;
            var carried = deferred;
            deferred = [];
            foreach (var pending in carried)
            {
                Take(pending);
            }
            while (batch.Count < _maxWrites && bytes < _maxBytes && _queue.Reader.TryRead(out var pending))
            {
                Take(pending);
            }
            if (batch.Count > 0)
            {
                await RunAsync(batch).ConfigureAwait(false);
            }

            void Take(Pending pending)
            {
                if (pending.CancelIfRequested())
                {
                    return;
                }
                if (batch.Count >= _maxWrites || bytes >= _maxBytes || !keys.Add(_keyOf(pending.Write)))
                {
                    deferred.Add(pending); // the same task twice, or no room: next batch, in its turn
                    return;
                }
                batch.Add(pending);
                bytes += _bytesOf(pending.Write);
            }
        }
    }

    private async Task RunAsync(List<Pending> batch)
    {
        if (batch.Count == 1)
        {
            await RunAloneAsync(batch[0]).ConfigureAwait(false);
            return;
        }
        IReadOnlyList<TResult> results;
        try
        {
            results = await _runBatch(batch.ConvertAll(pending => pending.Write)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception.InnerException is PostgresException)
        {
            // PostgreSQL refused the statement, so nothing of it was written: find the write at fault.
            await Task.WhenAll(batch.Select(RunAloneAsync)).ConfigureAwait(false);
            return;
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(exception);
            }
            return;
        }
        StorageMetrics.TaskGroupCommitWrites.Record(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    private async Task RunAloneAsync(Pending pending)
    {
        try
        {
            var result = await _runAlone(pending.Write).ConfigureAwait(false);
            StorageMetrics.TaskGroupCommitWrites.Record(1);
            pending.Completion.TrySetResult(result);
        }
        catch (Exception exception)
        {
            pending.Completion.TrySetException(exception);
        }
    }

    private sealed class Pending(TWrite write, CancellationToken cancellationToken)
    {
        public TWrite Write { get; } = write;

        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool CancelIfRequested() => cancellationToken.IsCancellationRequested && Completion.TrySetCanceled(cancellationToken);
    }
}

/// <summary>A task by its queue and id: what a batch holds at most once.</summary>
internal readonly record struct TaskKey(string Queue, string TaskId);
