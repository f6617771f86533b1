using Microsoft.Extensions.Logging;
using Tidings.Delivery;

namespace Tidings.Tasks;

/// <summary>The Cloud Tasks engine's log events (ids 4000–4999; per-task events at Debug).</summary>
internal static partial class TasksLog
{
    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Queue {Queue} created")]
    public static partial void QueueCreated(ILogger logger, string queue);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Queue {Queue} deleted with {TaskCount} tasks")]
    public static partial void QueueDeleted(ILogger logger, string queue, long taskCount);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Queue {Queue} purged: {TaskCount} tasks deleted")]
    public static partial void QueuePurged(ILogger logger, string queue, long taskCount);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning,
        Message = "Queue {Queue} was being deleted when the server stopped; its deletion is finished now")]
    public static partial void InterruptedDeleteFinished(ILogger logger, string queue);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug,
        Message = "Task {Queue}/tasks/{TaskId} attempt {Attempt}: {Outcome} {StatusCode} after {LatencyMs} ms")]
    public static partial void Attempted(ILogger logger, string queue, string taskId, int attempt, DeliveryOutcome outcome, int statusCode, long latencyMs);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Task {Queue}/tasks/{TaskId} will be retried at {RetryAt:O}")]
    public static partial void RetryScheduled(ILogger logger, string queue, string taskId, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Task {Queue}/tasks/{TaskId} deleted after {Attempts} failed attempts: its queue's retry limits are used up")]
    public static partial void GaveUp(ILogger logger, string queue, string taskId, int attempts);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug,
        Message = "Task {Queue}/tasks/{TaskId} changed or was deleted while it was dispatched; the attempt's result is dropped")]
    public static partial void AttemptSuperseded(ILogger logger, string queue, string taskId);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information,
        Message = "Queue {Queue}: {Count} tasks whose dispatch the last run did not finish are due again")]
    public static partial void ClaimsRecovered(ILogger logger, string queue, int count);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning,
        Message = "Queue {Queue}: the task store failed during dispatch; retrying in {Delay}")]
    public static partial void DispatchStoreFailed(ILogger logger, string queue, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error,
        Message = "Task {Queue}/tasks/{TaskId}: the attempt failed inside the server; the task is dispatched again when its lease of {Lease} runs out")]
    public static partial void AttemptFailedInside(ILogger logger, string queue, string taskId, TimeSpan lease, Exception exception);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error,
        Message = "Task {Queue}/tasks/{TaskId} cannot be read and is skipped by dispatch")]
    public static partial void UnreadableTask(ILogger logger, string queue, string taskId, Exception exception);

    [LoggerMessage(EventId = 4200, Level = LogLevel.Debug, Message = "Removed {Count} expired name tombstones")]
    public static partial void TombstonesRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Removing expired name tombstones failed; trying again later")]
    public static partial void TombstoneCleanupFailed(ILogger logger, Exception exception);
}
