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
            LogJson.WriteLogAndResource(json, attempt.ProjectId, "cloudtasks.googleapis.com/task_operations_log", "cloud_tasks_queue",
                ("location", attempt.LocationId), ("queue_id", attempt.QueueId), ("target_type", attempt.TargetType));
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
