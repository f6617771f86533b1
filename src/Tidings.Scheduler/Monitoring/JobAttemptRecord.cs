namespace Tidings.Scheduler.Monitoring;

/// <summary>
/// One finished job attempt, with what Cloud Logging shows for it (Google's <c>AttemptFinished</c> entry); raised by
/// <see cref="SchedulerEngine.AttemptFinished"/> for execution logs.
/// </summary>
/// <param name="JobName">The job's full name.</param>
/// <param name="TargetType"><c>HTTP</c>, <c>PUB_SUB</c> or <c>APP_ENGINE_HTTP</c>.</param>
/// <param name="Url">The URL called (HTTP), the relative URI (App Engine), or empty (Pub/Sub).</param>
/// <param name="Topic">The topic published to (Pub/Sub), otherwise empty.</param>
/// <param name="ScheduleTime">The run's instant as sent in <c>X-CloudScheduler-ScheduleTime</c>.</param>
/// <param name="Status">Google's name of the result's code: <c>OK</c>, <c>NOT_FOUND</c>, <c>INTERNAL</c>, …</param>
/// <param name="Message">What happened, as the job's <c>status.message</c> says it.</param>
public sealed record JobAttemptRecord(
    string JobName,
    string ProjectId,
    string LocationId,
    string JobId,
    string TargetType,
    string Url,
    string Topic,
    string ScheduleTime,
    string Status,
    string Message);
