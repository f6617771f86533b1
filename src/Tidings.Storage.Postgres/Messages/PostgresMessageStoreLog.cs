using Microsoft.Extensions.Logging;

namespace Tidings.Storage.Postgres.Messages;

/// <summary>Log events of the PostgreSQL message store; event ids 9100-9199.</summary>
internal static partial class PostgresMessageStoreLog
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Information,
        Message = "PostgreSQL message store opened: cell {Cell}, {LogCount} logs, {MessageCount} messages, in {ElapsedMs} ms")]
    public static partial void Opened(ILogger logger, int cell, int logCount, long messageCount, long elapsedMs);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Error,
        Message = "Log {LogId}: another writer moved its next sequence past {ExpectedNext} (a second owner of its cell?), or deleted it; the log refuses appends until restart")]
    public static partial void Fenced(ILogger logger, long logId, long expectedNext);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning,
        Message = "A group commit of {AppendCount} appends ({MessageCount} messages) failed; none of it was written")]
    public static partial void CommitFailed(ILogger logger, int appendCount, int messageCount, Exception exception);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning,
        Message = "Log {LogId}: removing messages below {Sequence} failed; retried at its next truncation or at start-up")]
    public static partial void TruncateFailed(ILogger logger, long logId, long sequence, Exception exception);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Warning,
        Message = "Log {LogId} (deleted): removing its messages failed; retried at start-up")]
    public static partial void PurgeFailed(ILogger logger, long logId, Exception exception);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Debug,
        Message = "Log {LogId}: removed {MessageCount} messages below {Sequence}")]
    public static partial void Truncated(ILogger logger, long logId, long sequence, long messageCount);

    [LoggerMessage(EventId = 9106, Level = LogLevel.Warning,
        Message = "Recording the truncation of {LogCount} logs at stop failed; they reappear from an older first sequence at the next start")]
    public static partial void TruncationsNotRecorded(ILogger logger, int logCount, Exception exception);

    [LoggerMessage(EventId = 9107, Level = LogLevel.Warning,
        Message = "Log {LogId}: a commit reported failed had landed; sequences {FromSequence} to {ToSequence} (exclusive) are kept, and a client retry may duplicate them")]
    public static partial void CommitLanded(ILogger logger, long logId, long fromSequence, long toSequence);
}
