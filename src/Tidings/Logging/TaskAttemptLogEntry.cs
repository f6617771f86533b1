using System.Globalization;
using Microsoft.Extensions.Logging;
using Tidings.Tasks.Monitoring;

namespace Tidings.Logging;

/// <summary>
/// A task attempt as Cloud Tasks writes it to Cloud Logging: a <c>TaskActivityLog</c> payload with its
/// <c>attemptResponseLog</c>, on the <c>cloud_tasks_queue</c> resource, in the queue's <c>task_operations_log</c>.
/// A failed attempt is an ERROR, a successful one INFO.
/// </summary>
internal static class TaskAttemptLogEntry
{
    public const string PayloadType = "type.googleapis.com/google.cloud.tasks.logging.v1.TaskActivityLog";

    public static ExecutionLogEntry Create(TaskAttemptRecord attempt, DateTimeOffset now)
    {
        var level = attempt.Status == "OK" ? LogLevel.Information : LogLevel.Error;
        return new ExecutionLogEntry(level, LogJson.Line(json =>
        {
            LogJson.WriteEnvelope(json, level, now);
            json.WriteString("logName", $"projects/{attempt.ProjectId}/logs/cloudtasks.googleapis.com%2Ftask_operations_log");
            json.WriteStartObject("resource");
            json.WriteString("type", "cloud_tasks_queue");
            json.WriteStartObject("labels");
            json.WriteString("project_id", attempt.ProjectId);
            json.WriteString("location", attempt.LocationId);
            json.WriteString("queue_id", attempt.QueueId);
            json.WriteString("target_type", attempt.TargetType);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("jsonPayload");
            json.WriteString("@type", PayloadType);
            json.WriteString("task", attempt.Task);
            json.WriteStartObject("attemptResponseLog");
            json.WriteString("scheduleTime", LogJson.Timestamp(attempt.ScheduleTime));
            json.WriteString("dispatchTime", LogJson.Timestamp(attempt.DispatchTime));
            json.WriteString("attemptDuration", LogJson.Duration(attempt.AttemptDuration));
            // int64 fields are strings in protobuf JSON.
            json.WriteString("dispatchCount", attempt.DispatchCount.ToString(CultureInfo.InvariantCulture));
            json.WriteString("responseCount", attempt.ResponseCount.ToString(CultureInfo.InvariantCulture));
            json.WriteNumber("maxAttempts", attempt.MaxAttempts);
            json.WriteString("status", attempt.Status);
            if (attempt.HttpStatus is { } httpStatus)
            {
                json.WriteNumber("httpResponseCode", httpStatus);
            }
            json.WriteString("targetAddress", attempt.TargetAddress);
            json.WriteString("targetType", attempt.TargetType);
            if (attempt.RetryTime is { } retryTime)
            {
                json.WriteString("retryTime", LogJson.Timestamp(retryTime));
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }));
    }
}
