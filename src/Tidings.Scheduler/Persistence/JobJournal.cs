using Microsoft.Extensions.Logging;
using Tidings.Kernel.Signals;
using Tidings.Storage.State;

namespace Tidings.Scheduler.Persistence;

/// <summary>
/// Group-commits job documents to the state store: changes are staged (the latest per key wins) and one writer task
/// stores all staged changes in one atomic <see cref="IStateStore.Apply"/>, so many jobs due at the same instant cost
/// one write. A failed write keeps its changes staged (unless newer ones replaced them) for the next. Thread-safe.
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
        Dictionary<string, StateChange> batch;
        TaskCompletionSource write;
        lock (_gate)
        {
            batch = _pending;
            _pending = new Dictionary<string, StateChange>(StringComparer.Ordinal);
            write = _nextWrite;
            _nextWrite = NewWrite();
        }
        if (batch.Count > 0)
        {
            try
            {
                _store.Apply([.. batch.Values]);
            }
            catch (Exception exception)
            {
                lock (_gate)
                {
                    foreach (var (key, change) in batch)
                    {
                        _pending.TryAdd(key, change);
                    }
                }
                LogWriteFailed(_logger, batch.Count, exception);
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

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Scheduler could not store {Count} job records; they are kept and written again with the next write")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}
