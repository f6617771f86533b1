using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tidings.Storage.Segments;

/// <summary>
/// The store's single flusher thread (group commit). Appends queue their log here; the thread takes every queued
/// log and calls <see cref="SegmentLog.Sync"/>, whose one fsync completes all the appends written before it.
/// While it syncs, new appends queue up and share the next fsync. In <see cref="SyncMode.Always"/> it wakes on
/// each newly queued log; in <see cref="SyncMode.Interval"/> it wakes every interval.
/// </summary>
internal sealed class SegmentFlusher : IDisposable
{
    private readonly ConcurrentQueue<SegmentLog> _queue = new();
    /// <summary>
    /// Set when a log is queued (always mode) or at stop, and reset before each drain, so a log queued during one
    /// sets it again. Not a SemaphoreSlim: that spins with sched_yield before it sleeps, ~2 calls per
    /// single-message publish on this thread alone (bench/RESULTS.md, Pub/Sub round 3).
    /// </summary>
    private readonly ManualResetEventSlim _signal = new(initialState: false, spinCount: 0);
    private readonly Thread _thread;
    private readonly TimeSpan? _interval;
    private readonly ILogger _logger;
    private volatile bool _stopping;

    public SegmentFlusher(SyncMode mode, TimeSpan interval, ILogger logger)
    {
        _interval = mode == SyncMode.Interval ? interval : null;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "Tidings segment flusher" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="log"/> for the next sync unless it already waits. Any thread.</summary>
    public void Enqueue(SegmentLog log)
    {
        if (!log.TryMarkQueued())
        {
            return;
        }
        _queue.Enqueue(log);
        if (_interval is null)
        {
            _signal.Set();
        }
    }

    /// <summary>Syncs what is queued, then stops the thread. The event stays usable: a late append may still queue.</summary>
    public void Dispose()
    {
        _stopping = true;
        _signal.Set();
        _thread.Join();
    }

    private void Run()
    {
        while (true)
        {
            if (_interval is { } interval)
            {
                _signal.Wait(interval);
            }
            else
            {
                _signal.Wait();
            }
            _signal.Reset(); // before draining: a log queued from here on sets it again
            var stopping = _stopping;
            Drain();
            if (stopping)
            {
                return;
            }
        }
    }

    private void Drain()
    {
        // Only the logs queued so far: a log queued again meanwhile waits for the next round, which the
        // event starts at once, so one busy log cannot keep the others waiting.
        for (var count = _queue.Count; count > 0 && _queue.TryDequeue(out var log); count--)
        {
            log.ClearQueued();
            try
            {
                log.Sync();
            }
            catch (Exception ex)
            {
                // Sync handles I/O failures itself; anything else is a bug, which must not stop the other logs' syncs.
                SegmentLogStoreLog.FlusherFailed(_logger, ex);
            }
        }
    }
}
