using Microsoft.Extensions.Logging;
using Tidings.Kernel.Signals;
using Tidings.Storage.State;

namespace Tidings.Scheduler.Persistence;

/// <summary>
/// Group-commits job documents to the state store: changes are staged (the latest per key wins) and one writer task
/// stores all staged changes in one atomic <see cref="IStateStore.Apply"/>, so many jobs due at the same instant cost
/// one write. Two kinds of change share a write: records (run state, kept on failure for the next write unless newer
/// ones replaced them) and proposals (an RPC's change, dropped on failure: the RPC reports the error and its caller
/// finds nothing changed). Thread-safe.
/// </summary>
internal sealed partial class JobJournal : IDisposable
{
    private readonly IStateStore _store;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly AsyncSignal _signal = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private Dictionary<string, StateChange> _pending = new(StringComparer.Ordinal);
    private Dictionary<string, StateChange> _proposed = new(StringComparer.Ordinal);
    private TaskCompletionSource _nextWrite = NewWrite();

    public JobJournal(IStateStore store, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Stages a change; it is stored by the next write. Call under the lock that orders the job's changes.</summary>
    public void Stage(StateChange change)
    {
        lock (_gate)
        {
            _pending[change.Key] = change;
        }
    }

    /// <summary>
    /// Proposes an RPC's change for the next write and returns that write: it completes once the change is stored, or
    /// fails with the store's exception, the change then being forgotten. In its write a proposal supersedes a record
    /// staged for the same key (it was made from the newer state), but that record is kept if the write fails.
    /// Call under the lock that orders the job's changes, with at most one proposal per key under way.
    /// </summary>
    public Task Propose(StateChange change)
    {
        Task write;
        lock (_gate)
        {
            _proposed[change.Key] = change;
            // Taken with the proposal, so the write awaited is the one that holds it.
            write = _nextWrite.Task;
        }
        _signal.Set();
        return write;
    }

    /// <summary>
    /// Completes once every change staged before the call is on stable storage; fails with the store's exception
    /// (<c>StorageFullException</c>, <c>StorageFailedException</c>) when the write that held them failed.
    /// </summary>
    public Task FlushAsync()
    {
        Task write;
        lock (_gate)
        {
            write = _nextWrite.Task;
        }
        _signal.Set();
        return write;
    }

    private async Task WriteLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(Timeout.InfiniteTimeSpan, TimeProvider.System, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            WriteOnce();
        }
    }

    /// <summary>Stores what is staged and completes the waiters of this write. Runs on the writer task, or at disposal.</summary>
    private void WriteOnce()
    {
        Dictionary<string, StateChange> records;
        Dictionary<string, StateChange> proposals;
        TaskCompletionSource write;
        lock (_gate)
        {
            records = _pending;
            _pending = new Dictionary<string, StateChange>(StringComparer.Ordinal);
            proposals = _proposed;
            _proposed = new Dictionary<string, StateChange>(StringComparer.Ordinal);
            write = _nextWrite;
            _nextWrite = NewWrite();
        }
        if (records.Count > 0 || proposals.Count > 0)
        {
            var batch = new Dictionary<string, StateChange>(records, StringComparer.Ordinal);
            foreach (var (key, change) in proposals)
            {
                batch[key] = change;
            }
            try
            {
                _store.Apply([.. batch.Values]);
            }
            catch (Exception exception)
            {
                lock (_gate)
                {
                    foreach (var (key, change) in records)
                    {
                        _pending.TryAdd(key, change);
                    }
                }
                LogWriteFailed(_logger, records.Count, proposals.Count, exception);
                write.TrySetException(exception);
                return;
            }
        }
        write.TrySetResult();
    }

    private static TaskCompletionSource NewWrite() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Stops the writer and stores what is still staged.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _writer.Wait();
        WriteOnce();
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Scheduler could not store {Records} job records and {Proposals} RPC changes; the records are kept for the next write, the RPCs fail")]
    private static partial void LogWriteFailed(ILogger logger, int records, int proposals, Exception exception);
}
