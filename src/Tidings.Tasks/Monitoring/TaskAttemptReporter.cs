using Tidings.Delivery;
using Tidings.Kernel.Errors;
using Tidings.Kernel.Monitoring;
using Tidings.Tasks.Dispatch;
using Tidings.Tasks.Queues;

namespace Tidings.Tasks.Monitoring;

/// <summary>Raises <see cref="CloudTasksEngine.AttemptFinished"/>; builds the record only when someone listens.</summary>
internal sealed class TaskAttemptReporter
{
    public event Action<TaskAttemptRecord>? Finished;

    public void Report(QueueEntry queue, DispatchClaim claim, DeliveryResult result, DateTimeOffset? retryTime)
    {
        if (Finished is not { } finished)
        {
            return;
        }
        var task = claim.Record.Task;
        var responded = result.Outcome == DeliveryOutcome.Responded;
        finished(new TaskAttemptRecord(
            task.Name,
            queue.Name.Project,
            queue.Name.Location ?? "",
            queue.Name.Id,
            task.HttpRequest is not null ? "HTTP" : "APP_ENGINE_HTTP",
            $"{claim.Request.Method} {claim.Request.Endpoint}",
            task.LastAttempt?.ScheduleTime?.ToDateTimeOffset() ?? claim.DispatchTime,
            claim.DispatchTime,
            result.Latency,
            GoogleCodes.NameOf((int)ResponseStatuses.CodeOf(result)),
            responded ? result.StatusCode : null,
            task.DispatchCount,
            task.ResponseCount + (responded ? 1 : 0),
            queue.Definition.RetryConfig?.MaxAttempts ?? 0,
            retryTime));
    }
}
