using Microsoft.Extensions.Logging;
using Tidings.Scheduler.Monitoring;

namespace Tidings.Logging;

/// <summary>
/// A job attempt as Cloud Scheduler writes it to Cloud Logging: an <c>AttemptFinished</c> payload on the
/// <c>cloud_scheduler_job</c> resource, in the <c>executions</c> log. A failed attempt is an ERROR, a successful one INFO.
/// </summary>
internal static class JobAttemptLogEntry
{
    public const string PayloadType = "type.googleapis.com/google.cloud.scheduler.logging.AttemptFinished";

    public static ExecutionLogEntry Create(JobAttemptRecord attempt, DateTimeOffset now)
    {
        var level = attempt.Status == "OK" ? LogLevel.Information : LogLevel.Error;
        return new ExecutionLogEntry(level, LogJson.Line(json =>
        {
            LogJson.WriteEnvelope(json, level, now);
            LogJson.WriteLogAndResource(json, attempt.ProjectId, "cloudscheduler.googleapis.com/executions", "cloud_scheduler_job",
                ("location", attempt.LocationId), ("job_id", attempt.JobId));
            json.WriteStartObject("jsonPayload");
            json.WriteString("@type", PayloadType);
            json.WriteString("jobName", attempt.JobName);
            json.WriteString("scheduledTime", attempt.ScheduleTime);
            json.WriteString("targetType", attempt.TargetType);
            if (attempt.Url.Length > 0)
            {
                json.WriteString("url", attempt.Url);
            }
            if (attempt.Topic.Length > 0)
            {
                json.WriteString("topic", attempt.Topic);
            }
            json.WriteString("status", attempt.Status);
            if (attempt.Status != "OK")
            {
                json.WriteString("debugInfo", attempt.Message);
            }
            json.WriteEndObject();
        }));
    }
}
