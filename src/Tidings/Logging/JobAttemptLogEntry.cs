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
            json.WriteString("logName", $"projects/{attempt.ProjectId}/logs/cloudscheduler.googleapis.com%2Fexecutions");
            json.WriteStartObject("resource");
            json.WriteString("type", "cloud_scheduler_job");
            json.WriteStartObject("labels");
            json.WriteString("project_id", attempt.ProjectId);
            json.WriteString("location", attempt.LocationId);
            json.WriteString("job_id", attempt.JobId);
            json.WriteEndObject();
            json.WriteEndObject();
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
