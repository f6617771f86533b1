using Microsoft.Extensions.Logging;

namespace Tidings.Storage.Segments;

/// <summary>Log events of the segment log store; event ids 2100-2199.</summary>
internal static partial class SegmentLogStoreLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information,
        Message = "Segment log store opened at {Directory}: {LogCount} logs, {SegmentCount} segments, {MessageCount} messages, sync {SyncMode}, in {ElapsedMs} ms")]
    public static partial void Opened(ILogger logger, string directory, int logCount, int segmentCount, long messageCount, SyncMode syncMode, long elapsedMs);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "Log {LogId}: cut a torn tail of {Bytes} bytes at offset {Offset} of {File} ({Reason}); no answered append is affected")]
    public static partial void TornTailCut(ILogger logger, long logId, string file, long offset, long bytes, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error,
        Message = "Log {LogId}: repair dropped sequences {FromSequence} to {ToSequence} (exclusive) at offset {Offset} of {File}: {Reason}; files affected: {Files}")]
    public static partial void Repaired(ILogger logger, long logId, long fromSequence, long toSequence, string file, long offset, string reason, string files);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning,
        Message = "Removed {Directory}: {Reason}")]
    public static partial void DirectoryRemoved(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Error,
        Message = "Log {LogId}: fsync of {File} failed; the log refuses appends until restart")]
    public static partial void SyncFailed(ILogger logger, long logId, string file, Exception exception);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning,
        Message = "Could not delete the truncated segment {File}; it will be recovered (already acked) after a restart")]
    public static partial void SegmentDeleteFailed(ILogger logger, string file, Exception exception);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Debug,
        Message = "Log {LogId}: rolled to segment {File}")]
    public static partial void Rolled(ILogger logger, long logId, string file);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Error,
        Message = "The segment flusher failed unexpectedly")]
    public static partial void FlusherFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Warning,
        Message = "The log id counter {File} is missing; continuing after the highest log directory, {LastLogId}")]
    public static partial void CounterMissing(ILogger logger, string file, long lastLogId);
}
