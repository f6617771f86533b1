using Google.Cloud.Scheduler.V1;
using Microsoft.Extensions.Logging;

namespace Tidings.Scheduler;

/// <summary>The engine's log events (5000–5999; 5100s persistence, 5300s start-up). Per-job events are Debug.</summary>
internal static partial class SchedulerLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Scheduler job {Job} created: schedule '{Schedule}', target {Target}")]
    public static partial void JobCreated(ILogger logger, string job, string schedule, Job.TargetOneofCase target);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Scheduler job {Job} deleted")]
    public static partial void JobDeleted(ILogger logger, string job);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug, Message = "Scheduler job {Job} attempt for {ScheduleTime} finished with status {Code}: {StatusMessage}")]
    public static partial void AttemptFinished(ILogger logger, string job, string scheduleTime, int code, string statusMessage);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Scheduler job {Job} had an attempt in flight when the server stopped; it is not repeated and its status is UNKNOWN")]
    public static partial void AttemptInterrupted(ILogger logger, string job);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Scheduler job {Job} missed its run at {Missed} while the server was down; skipped (misfire policy Skip)")]
    public static partial void MisfireSkipped(ILogger logger, string job, DateTimeOffset missed);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Scheduler could not record the start of {Count} runs; they are sent once it can, trying again in {Backoff}")]
    public static partial void ClaimNotStored(ILogger logger, int count, TimeSpan backoff, Exception exception);
}
