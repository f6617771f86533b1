using Google.Cloud.Scheduler.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Paging;
using Tidings.Scheduler.Errors;
using Tidings.Scheduler.Execution;
using Tidings.Scheduler.Jobs;
using Tidings.Scheduler.Names;

namespace Tidings.Scheduler;

/// <summary>The RPCs: each changes jobs under the lock, then answers once the change is on stable storage.</summary>
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
        Job created;
        lock (_lock)
        {
            if (_jobs.ContainsKey(name.FullName))
            {
                throw SchedulerErrors.JobAlreadyExists(name.FullName);
            }
            var scheduled = new ScheduledJob(name, definition, schedule, _time.GetUtcNow());
            _jobs.Add(scheduled.Key, scheduled);
            Enqueue(scheduled);
            Stage(scheduled);
            created = scheduled.ToProto();
        }
        SchedulerLog.JobCreated(_logger, name.FullName, definition.Schedule, definition.TargetCase);
        await _journal.FlushAsync().ConfigureAwait(false);
        return created;
    }

    /// <summary>Updates the fields the mask names (every field the request sets, without a mask); NOT_FOUND when missing.</summary>
    public async Task<Job> UpdateJobAsync(Job job, FieldMask? updateMask)
    {
        var name = JobNames.ParseJob(job.Name);
        Job updated;
        lock (_lock)
        {
            var current = Require(name.FullName);
            var (definition, schedule) = JobValidation.Validate(JobUpdate.Apply(current.Definition, job, updateMask), name);
            var scheduleChanged = definition.Schedule != current.Definition.Schedule || definition.TimeZone != current.Definition.TimeZone;
            current.Definition = definition;
            current.Schedule = schedule;
            current.UserUpdateTime = _time.GetUtcNow();
            if (scheduleChanged)
            {
                // The new schedule starts from now: instants of the old one are not made up.
                current.ScheduleAnchor = current.UserUpdateTime;
                Enqueue(current);
            }
            Stage(current);
            updated = current.ToProto();
        }
        await _journal.FlushAsync().ConfigureAwait(false);
        return updated;
    }

    public async Task DeleteJobAsync(string name)
    {
        var path = JobNames.ParseJob(name);
        lock (_lock)
        {
            var job = Require(path.FullName);
            _jobs.Remove(job.Key);
            job.IsDeleted = true;
            job.Generation++;
            Stage(job);
        }
        SchedulerLog.JobDeleted(_logger, path.FullName);
        await _journal.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>ENABLED → PAUSED: no runs while paused; a retry waiting is dropped, an attempt in flight ends as it will.</summary>
    public async Task<Job> PauseJobAsync(string name)
    {
        var path = JobNames.ParseJob(name);
        Job paused;
        lock (_lock)
        {
            var job = Require(path.FullName);
            if (job.State == Job.Types.State.Paused)
            {
                throw SchedulerErrors.JobAlreadyPaused();
            }
            job.State = Job.Types.State.Paused;
            if (job.Execution is { InFlight: false })
            {
                job.Execution = null;
            }
            Enqueue(job);
            Stage(job);
            paused = job.ToProto();
        }
        await _journal.FlushAsync().ConfigureAwait(false);
        return paused;
    }

    /// <summary>PAUSED → ENABLED: the schedule resumes from now; instants that passed while paused are not made up.</summary>
    public async Task<Job> ResumeJobAsync(string name)
    {
        var path = JobNames.ParseJob(name);
        Job resumed;
        lock (_lock)
        {
            var job = Require(path.FullName);
            if (job.State != Job.Types.State.Paused)
            {
                throw SchedulerErrors.JobNotPaused();
            }
            job.State = Job.Types.State.Enabled;
            var now = _time.GetUtcNow();
            if (job.ScheduleAnchor < now)
            {
                job.ScheduleAnchor = now;
            }
            Enqueue(job);
            Stage(job);
            resumed = job.ToProto();
        }
        await _journal.FlushAsync().ConfigureAwait(false);
        return resumed;
    }

    /// <summary>
    /// Runs the job once now, in any state and even while a scheduled run is under way (Google's one exception to
    /// "runs never overlap"): one attempt, not retried, whose outcome becomes the job's status. The schedule is
    /// untouched. Answers at once with <c>last_attempt_time</c> set; the attempt goes on in the background.
    /// </summary>
    public async Task<Job> RunJobAsync(string name)
    {
        var path = JobNames.ParseJob(name);
        Job job;
        lock (_lock)
        {
            var scheduled = Require(path.FullName);
            var now = _time.GetUtcNow();
            scheduled.LastAttemptTime = now;
            Stage(scheduled);
            job = scheduled.ToProto();
            var attempt = new AttemptRequest(scheduled.Definition, scheduled.Name.Id, scheduled.Schedule.FormatLocal(now));
            Track(Task.Run(() => RunManualAsync(scheduled, attempt)));
        }
        await _journal.FlushAsync().ConfigureAwait(false);
        return job;
    }

    /// <summary>Lock held.</summary>
    private ScheduledJob Require(string name) => _jobs.TryGetValue(name, out var job) ? job : throw SchedulerErrors.JobNotFound();
}
