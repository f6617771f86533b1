using Google.Cloud.Scheduler.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Paging;
using Tidings.Scheduler.Errors;
using Tidings.Scheduler.Execution;
using Tidings.Scheduler.Jobs;
using Tidings.Scheduler.Names;

namespace Tidings.Scheduler;

/// <summary>The RPCs: each change is made on the job only once it is on stable storage (see SchedulerEngine.Changes.cs), then answered.</summary>
public sealed partial class SchedulerEngine
{
    /// <summary>Google's largest ListJobs page, also the size of a page asked for with 0.</summary>
    public const int MaxPageSize = 500;

    public Page<Job> ListJobs(string parent, int pageSize, string pageToken)
    {
        var location = JobNames.ParseParent(parent);
        if (pageSize < 0)
        {
            throw SchedulerErrors.InvalidPageSize(pageSize);
        }
        if (!PageToken.TryParse(pageToken, out var token))
        {
            throw SchedulerErrors.InvalidPageToken(pageToken);
        }
        List<ScheduledJob> jobs;
        lock (_lock)
        {
            jobs = [.. _jobs.Values.Where(job => job.Name.Parent!.Equals(location))];
            var page = Page<ScheduledJob>.Of(jobs, job => job.Key, pageSize is 0 or > MaxPageSize ? MaxPageSize : pageSize, token);
            return new Page<Job>([.. page.Items.Select(job => job.ToProto())], page.Next);
        }
    }

    public Job GetJob(string name)
    {
        var path = JobNames.ParseJob(name);
        lock (_lock)
        {
            return Require(path.FullName).ToProto();
        }
    }

    /// <summary>Creates a job; one without a name gets a generated id.</summary>
    public async Task<Job> CreateJobAsync(string parent, Job job)
    {
        var location = JobNames.ParseParent(parent);
        var name = string.IsNullOrEmpty(job.Name) ? JobNames.Job.Create(location, JobNames.NewJobId()) : JobNames.ParseJob(job.Name);
        if (!name.Parent!.Equals(location))
        {
            throw SchedulerErrors.JobInOtherLocation(parent, job.Name);
        }
        var (definition, schedule) = JobValidation.Validate(job, name);
        var created = await AddJobAsync(new ScheduledJob(name, definition, schedule, _time.GetUtcNow()), static added => added.ToProto()).ConfigureAwait(false);
        SchedulerLog.JobCreated(_logger, name.FullName, definition.Schedule, definition.TargetCase);
        return created;
    }

    /// <summary>Updates the fields the mask names (every field the request sets, without a mask); NOT_FOUND when missing.</summary>
    public Task<Job> UpdateJobAsync(Job job, FieldMask? updateMask)
    {
        var name = JobNames.ParseJob(job.Name);
        return ChangeJobAsync(name.FullName, current =>
        {
            var (definition, schedule) = JobValidation.Validate(JobUpdate.Apply(current.Definition, job, updateMask), name);
            var scheduleChanged = definition.Schedule != current.Definition.Schedule || definition.TimeZone != current.Definition.TimeZone;
            var now = _time.GetUtcNow();
            return updating =>
            {
                updating.Definition = definition;
                updating.Schedule = schedule;
                updating.UserUpdateTime = now;
                if (scheduleChanged)
                {
                    // The new schedule starts from now: instants of the old one are not made up.
                    updating.ScheduleAnchor = now;
                }
            };
        }, static updated => updated.ToProto());
    }

    public async Task DeleteJobAsync(string name)
    {
        var path = JobNames.ParseJob(name);
        await ChangeJobAsync(path.FullName, static _ => static deleting => deleting.IsDeleted = true, static _ => true).ConfigureAwait(false);
        _runHistory.Forget(path.FullName);
        SchedulerLog.JobDeleted(_logger, path.FullName);
    }

    /// <summary>ENABLED → PAUSED: no runs while paused; a retry waiting is dropped, an attempt in flight ends as it will.</summary>
    public Task<Job> PauseJobAsync(string name)
    {
        var path = JobNames.ParseJob(name);
        return ChangeJobAsync(path.FullName, static job =>
        {
            if (job.State == Job.Types.State.Paused)
            {
                throw SchedulerErrors.JobAlreadyPaused();
            }
            return static pausing =>
            {
                pausing.State = Job.Types.State.Paused;
                if (pausing.Execution is { InFlight: false })
                {
                    pausing.Execution = null;
                }
            };
        }, static paused => paused.ToProto());
    }

    /// <summary>PAUSED → ENABLED: the schedule resumes from now; instants that passed while paused are not made up.</summary>
    public Task<Job> ResumeJobAsync(string name)
    {
        var path = JobNames.ParseJob(name);
        return ChangeJobAsync(path.FullName, job =>
        {
            if (job.State != Job.Types.State.Paused)
            {
                throw SchedulerErrors.JobNotPaused();
            }
            var now = _time.GetUtcNow();
            return resuming =>
            {
                resuming.State = Job.Types.State.Enabled;
                if (resuming.ScheduleAnchor < now)
                {
                    resuming.ScheduleAnchor = now;
                }
            };
        }, static resumed => resumed.ToProto());
    }

    /// <summary>
    /// Runs the job once now, in any state and even while a scheduled run is under way (Google's one exception to
    /// "runs never overlap"): one attempt, not retried, whose outcome becomes the job's status. The schedule is
    /// untouched. Answers with <c>last_attempt_time</c> set once that is stored; the attempt goes on in the background
    /// (not sent at all when the write fails).
    /// </summary>
    public Task<Job> RunJobAsync(string name)
    {
        var path = JobNames.ParseJob(name);
        var now = _time.GetUtcNow();
        return ChangeJobAsync(path.FullName, _ => running => running.LastAttemptTime = now, scheduled =>
        {
            var attempt = new AttemptRequest(scheduled.Definition, scheduled.Name.Id, scheduled.Schedule.FormatLocal(now));
            Track(Task.Run(() => RunManualAsync(scheduled, attempt)));
            return scheduled.ToProto();
        });
    }

    /// <summary>Lock held.</summary>
    private ScheduledJob Require(string name) => _jobs.TryGetValue(name, out var job) ? job : throw SchedulerErrors.JobNotFound();
}
