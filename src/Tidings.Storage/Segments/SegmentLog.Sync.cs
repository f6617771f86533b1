using System.Diagnostics;
using Tidings.Storage.Messages;
using Tidings.Storage.Monitoring;

namespace Tidings.Storage.Segments;

internal sealed partial class SegmentLog
{
    /// <summary>Everything below is covered by an fsync. Lock.</summary>
    private long _syncedEnd;

    /// <summary>Record bytes appended since the log was opened, and how many of them an fsync covers: the group-commit size. Lock.</summary>
    private long _writtenBytes, _syncedBytes;

    /// <summary>Appends written since the last sync snapshot wait on this; null when none. Lock.</summary>
    private TaskCompletionSource? _pendingSync;

    /// <summary>Why appends are refused until restart; null while the log is healthy. Lock.</summary>
    private StorageFailedException? _failure;

    /// <summary>An fsync failed: nothing written after the last good sync is ever published. Lock.</summary>
    private bool _syncFailed;

    /// <summary>1 while the log waits in the flusher's queue. Interlocked.</summary>
    private int _queued;

    /// <summary>True when the caller should queue the log (it was not queued yet).</summary>
    internal bool TryMarkQueued() => Interlocked.Exchange(ref _queued, 1) == 0;

    /// <summary>Called by the flusher before <see cref="Sync"/>, so appends from then on queue the log again.</summary>
    internal void ClearQueued() => Volatile.Write(ref _queued, 0);

    /// <summary>
    /// Group commit: fsyncs the active segment, then publishes every message written before the snapshot and
    /// completes the appends waiting for it. Runs on the flusher thread (or the disposing thread after the flusher
    /// stopped), never concurrently with itself; the fsync runs without the lock.
    /// </summary>
    internal void Sync()
    {
        long target;
        long targetBytes;
        TaskCompletionSource? waiting;
        Segment? segment = null;
        long commitBytes = 0;
        lock (_lock)
        {
            if (_released || _syncFailed)
            {
                return;
            }
            target = _writeEnd;
            targetBytes = _writtenBytes;
            waiting = _pendingSync;
            _pendingSync = null;
            if (target > _syncedEnd)
            {
                segment = _segments[^1]; // earlier segments were synced when the log rolled past them
                commitBytes = targetBytes - _syncedBytes;
                segment.Acquire();
            }
        }

        if (segment is not null)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                _store.Files.Flush(segment.Handle);
                StorageMetrics.FsyncDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                StorageMetrics.LogGroupCommitBytes.Record(commitBytes);
            }
            catch (Exception ex)
            {
                // Whatever failed, the data is not known to be durable: never report it as such.
                SegmentLogStoreLog.SyncFailed(_store.Logger, LogId, segment.Path, ex);
                var failure = new StorageFailedException($"Log {LogId}: fsync of {segment.Path} failed; the log refuses appends until restart.", ex);
                lock (_lock)
                {
                    Poison(failure);
                }
                waiting?.TrySetException(failure);
                return;
            }
            finally
            {
                segment.Release();
            }
        }

        lock (_lock)
        {
            if (_syncFailed)
            {
                waiting?.TrySetException(_failure!); // a roll's fsync failed meanwhile: this sync proves nothing
                return;
            }
            _syncedEnd = Math.Max(_syncedEnd, target);
            _syncedBytes = Math.Max(_syncedBytes, targetBytes);
            if (!_released && target > _visibleEnd)
            {
                Volatile.Write(ref _visibleEnd, target);
            }
        }
        waiting?.TrySetResult();
    }

    /// <summary>
    /// Marks the log failed after an fsync failure (the kernel may have dropped unsynced pages, so a later sync
    /// proves nothing) and fails every append still waiting. Returns the exception to throw. Lock must be held.
    /// </summary>
    private StorageFailedException Poison(StorageFailedException failure)
    {
        _failure ??= failure;
        _syncFailed = true;
        _pendingSync?.TrySetException(failure);
        _pendingSync = null;
        return failure;
    }
}
