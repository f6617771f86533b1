using Google.Cloud.Scheduler.V1;
using Tidings.Scheduler.Execution;
using Tidings.Scheduler.Inspection;
using Tidings.Scheduler.Jobs;
using Tidings.Scheduler.Names;
using RpcStatus = Google.Rpc.Status;

namespace Tidings.Scheduler;

/// <summary>Read-only views for operators (the web console): every job at once, and each job's recent runs.</summary>
public sealed partial class SchedulerEngine
{
    private readonly JobRunHistory _runHistory = new();

    /// <summary>Every job of every project and location, in name order.</summary>
    public IReadOnlyList<Job> ListAllJobs()
    {
        lock (_lock)
        {
            return [.. _jobs.Values.OrderBy(job => job.Key, StringComparer.Ordinal).Select(job => job.ToProto())];
        }
    }

    /// <summary>
    /// The job's last attempts since the server started (at most <see cref="JobRunHistory.RunsPerJob"/>), newest
    /// first; NOT_FOUND when the job does not exist.
    /// </summary>
    public IReadOnlyList<JobRun> GetRunHistory(string name)
    {
        var path = JobNames.ParseJob(name);
        lock (_lock)
        {
            Require(path.FullName);
        }
        return _runHistory.Get(path.FullName);
    }

    /// <summary>Adds a finished attempt to the job's history. Called without the engine's lock.</summary>
    private void RecordRun(ScheduledJob job, AttemptRequest attempt, DateTimeOffset started, RpcStatus status, bool manual) =>
        _runHistory.Record(job.Key, new JobRun(attempt.ScheduleTime, started, _time.GetUtcNow(), status.Code, status.Message, manual));
}
