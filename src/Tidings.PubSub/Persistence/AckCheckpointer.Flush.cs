using Microsoft.Extensions.Logging;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// Group commit for exactly-once subscriptions: callers that must not answer before their acks are on disk wait for
/// a checkpoint that starts after they ask. One flush runs at a time on the thread pool; callers arriving while it
/// writes are served together by the next one, so concurrent acks cost one store write, not one each.
/// </summary>
internal sealed partial class AckCheckpointer
{
    private readonly Lock _flushLock = new();

    /// <summary>Callers waiting for the next flush. Flush lock must be held.</summary>
    private List<TaskCompletionSource> _flushWaiters = [];

    private bool _flushRunning;

    /// <summary>
    /// Completes once a checkpoint that began after this call has written every changed ack state (or faults with
    /// the store's error). Everything changed in memory before the call is then on disk.
    /// </summary>
    public Task FlushAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_flushLock)
        {
            _flushWaiters.Add(waiter);
            start = !_flushRunning;
            _flushRunning = true;
        }
        if (start)
        {
            _ = Task.Run(RunFlushes);
        }
        return waiter.Task;
    }

    private void RunFlushes()
    {
        while (true)
        {
            List<TaskCompletionSource> waiters;
            lock (_flushLock)
            {
                if (_flushWaiters.Count == 0)
                {
                    _flushRunning = false;
                    return;
                }
                waiters = _flushWaiters;
                _flushWaiters = [];
            }
            // Taken before the checkpoint snapshots anything, so every waiter's change is in what it writes.
            try
            {
                Checkpoint();
                foreach (var waiter in waiters)
                {
                    waiter.SetResult();
                }
            }
            catch (Exception exception)
            {
                LogFlushFailed(_logger, waiters.Count, exception);
                foreach (var waiter in waiters)
                {
                    waiter.SetException(exception);
                }
            }
        }
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Saving exactly-once acks failed; {Callers} callers are answered with temporary failures")]
    private static partial void LogFlushFailed(ILogger logger, int callers, Exception exception);
}
