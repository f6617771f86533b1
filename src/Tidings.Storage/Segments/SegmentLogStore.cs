using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tidings.Storage.Messages;
using Tidings.Storage.Monitoring;

namespace Tidings.Storage.Segments;

/// <summary>
/// The durable message store: one segmented append-only log per topic under <see cref="SegmentLogStoreOptions.Directory"/>,
/// CRC-framed records, group-committed fsyncs, and recovery of torn tails at start-up (FORMAT.md beside this file).
/// Opening recovers every log and may throw <see cref="SegmentCorruptionException"/>; an exclusive lock file keeps a
/// second process off the same directory. Thread-safe. Dispose syncs what was written and closes the files.
/// </summary>
public sealed partial class SegmentLogStore : IMessageStore, IDisposable
{
    private readonly ConcurrentDictionary<long, SegmentLog> _logs = new();
    private readonly Lock _createLock = new();
    private readonly LogIdCounter _counter;
    private readonly FileStream _lockFile;
    private long _lastLogId;
    private int _disposed;

    public SegmentLogStore(SegmentLogStoreOptions options, ILogger<SegmentLogStore> logger)
        : this(options, logger, SystemSegmentFileOps.Instance)
    {
    }

    internal SegmentLogStore(SegmentLogStoreOptions options, ILogger logger, ISegmentFileOps files)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Logger = logger;
        Files = files;
        Root = Path.GetFullPath(options.Directory);
        Cache = new MessageCache(options.CacheBytes);
        _counter = new LogIdCounter(Root, files);

        var started = Stopwatch.GetTimestamp();
        if (!System.IO.Directory.Exists(Root))
        {
            System.IO.Directory.CreateDirectory(Root);
            files.FlushDirectory(Path.GetDirectoryName(Root) ?? Root);
        }
        _lockFile = AcquireLockFile(Root);
        try
        {
            Recovery = RecoverLogs();
        }
        catch
        {
            ReleaseAll(new ObjectDisposedException(nameof(SegmentLogStore)));
            _lockFile.Dispose();
            throw;
        }
        Flusher = new SegmentFlusher(options.SyncMode, options.SyncInterval, logger);
        LogOpened(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Reads served from the cache and from disk, for the cache hit ratio.</summary>
    public CacheCounters CacheReads { get; } = new();

    /// <summary>Segment files of every log now; takes each log's lock in turn, so for a scrape, not a hot path.</summary>
    public int SegmentCount => _logs.Values.Sum(log => log.Counts.Segments);

    /// <summary>What start-up found and changed: torn tails cut, ranges repaired, leftovers removed.</summary>
    public RecoveryReport Recovery { get; }

    /// <summary>The full path of the root directory.</summary>
    public string Root { get; }

    internal SegmentLogStoreOptions Options { get; }

    internal ILogger Logger { get; }

    internal ISegmentFileOps Files { get; }

    internal MessageCache Cache { get; }

    internal SegmentFlusher Flusher { get; }

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Creates a log under a new id. The id counter, the log directory, its first segment and the root entry are
    /// all fsynced before this returns.
    /// </summary>
    public IMessageLog CreateLog()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        lock (_createLock)
        {
            var logId = _lastLogId + 1;
            var directory = LogDirectory(logId);
            try
            {
                _counter.Store(logId); // first, so the id is never handed out again whatever happens next
                _lastLogId = logId;
                System.IO.Directory.CreateDirectory(directory);
                var segment = SegmentLog.CreateSegment(this, logId, directory, 1, SegmentFlags.None);
                Files.FlushDirectory(Root);
                var log = new SegmentLog(this, logId, directory, [segment]);
                _logs[logId] = log;
                return log;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                TryDeleteDirectory(directory);
                if (ex is StorageFullException or StorageFailedException)
                {
                    throw;
                }
                if (ex is IOException io && DiskErrors.IsDiskFull(io))
                {
                    throw new StorageFullException($"No space left on the device to create log {logId}.", ex);
                }
                throw new StorageFailedException($"Creating log {logId} in {Root} failed.", ex);
            }
        }
    }

    public IMessageLog? FindLog(long logId) => _logs.GetValueOrDefault(logId);

    /// <summary>
    /// Deletes the log: appends waiting for a sync fail, then the directory is renamed (made durable) and removed,
    /// so a crash part-way never brings back part of the log.
    /// </summary>
    public void DeleteLog(long logId)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (!_logs.TryRemove(logId, out var log))
        {
            return;
        }
        log.Release(new StorageFailedException($"Log {logId} was deleted."));
        var directory = LogDirectory(logId);
        var doomed = directory + SegmentFiles.DeletedSuffix;
        try
        {
            System.IO.Directory.Move(directory, doomed);
            Files.FlushDirectory(Root);
            System.IO.Directory.Delete(doomed, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageFailedException($"Deleting log {logId} in {Root} failed; it is removed at the next start.", ex);
        }
    }

    public IReadOnlyCollection<long> ListLogIds() => [.. _logs.Keys];

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        foreach (var log in _logs.Values)
        {
            log.StopAppends();
        }
        Flusher.Dispose();
        foreach (var log in _logs.Values)
        {
            log.Sync(); // appends that were written but queued too late for the flusher's last round
        }
        ReleaseAll(new ObjectDisposedException(nameof(SegmentLogStore)));
        _lockFile.Dispose();
    }

    private string LogDirectory(long logId) => Path.Combine(Root, SegmentFiles.DirectoryNameOf(logId));

    private void ReleaseAll(Exception reason)
    {
        foreach (var log in _logs.Values)
        {
            log.Release(reason);
        }
    }

    private static FileStream AcquireLockFile(string root)
    {
        var path = Path.Combine(root, SegmentFiles.LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The segment log directory {root} is in use by another process (cannot lock {path}).", ex);
        }
    }

    private void LogOpened(TimeSpan elapsed)
    {
        if (!Logger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        int segments = 0;
        long messages = 0;
        foreach (var log in _logs.Values)
        {
            var (logSegments, logMessages) = log.Counts;
            segments += logSegments;
            messages += logMessages;
        }
        SegmentLogStoreLog.Opened(Logger, Root, _logs.Count, segments, messages, Options.SyncMode, (long)elapsed.TotalMilliseconds);
    }
}
