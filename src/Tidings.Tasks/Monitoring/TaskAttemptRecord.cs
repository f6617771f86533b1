namespace Tidings.Tasks.Monitoring;

/// <summary>
/// One finished task attempt, with what Cloud Logging shows for it (the <c>attemptResponseLog</c> of Google's
/// <c>TaskActivityLog</c>); raised by <see cref="CloudTasksEngine.AttemptFinished"/> for execution logs.
/// </summary>
/// <param name="Task">The task's full name.</param>
/// <param name="TargetType"><c>HTTP</c> or <c>APP_ENGINE_HTTP</c>.</param>
/// <param name="TargetAddress">The method and URL called, e.g. <c>POST http://localhost:3000/hook</c>.</param>
/// <param name="Status">Google's name of the result's code: <c>OK</c> for a 2xx, <c>NOT_FOUND</c>, <c>UNAVAILABLE</c>, …</param>
/// <param name="HttpStatus">The HTTP status answered, or null when there was no answer.</param>
/// <param name="DispatchCount">Attempts dispatched so far, this one included.</param>
/// <param name="ResponseCount">Attempts answered so far, this one included if it was.</param>
/// <param name="MaxAttempts">The queue's <c>retry_config.max_attempts</c> (-1 unlimited).</param>
/// <param name="RetryTime">When the next attempt is due; null when the task completed or its retries are used up.</param>
public sealed record TaskAttemptRecord(
    string Task,
    string ProjectId,
    string LocationId,
    string QueueId,
    string TargetType,
    string TargetAddress,
    DateTimeOffset ScheduleTime,
    DateTimeOffset DispatchTime,
    TimeSpan AttemptDuration,
    string Status,
    int? HttpStatus,
    int DispatchCount,
    int ResponseCount,
    int MaxAttempts,
    DateTimeOffset? RetryTime);
