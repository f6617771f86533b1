using Tidings.Kernel.Errors;
using Tidings.Kernel.Monitoring;
using Tidings.Scheduler.Execution;
using Tidings.Scheduler.Jobs;
using RpcStatus = Google.Rpc.Status;

namespace Tidings.Scheduler.Monitoring;

/// <summary>Raises <see cref="SchedulerEngine.AttemptFinished"/>; builds the record only when someone listens.</summary>
internal sealed class JobAttemptReporter
{
    public event Action<JobAttemptRecord>? Finished;

    public void Report(ScheduledJob job, AttemptRequest attempt, RpcStatus status)
    {
        if (Finished is not { } finished)
        {
            return;
        }
        var definition = attempt.Definition;
        var (targetType, url, topic) = definition switch
        {
            { HttpTarget: { } http } => ("HTTP", http.Uri, ""),
            { PubsubTarget: { } pubSub } => ("PUB_SUB", "", pubSub.TopicName),
            { AppEngineHttpTarget: { } appEngine } => ("APP_ENGINE_HTTP", appEngine.RelativeUri, ""),
            _ => ("", "", ""),
        };
        finished(new JobAttemptRecord(job.Key, job.Name.Project, job.Name.Location ?? "", job.Name.Id, targetType, url, topic,
            attempt.ScheduleTime, GoogleCodes.NameOf(status.Code), status.Message));
    }
}
