using Google.Cloud.Scheduler.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Monitoring;
using Tidings.Kernel.Names;
using Tidings.Scheduler.Schedules;
using RpcStatus = Google.Rpc.Status;

namespace Tidings.Scheduler.Jobs;

/// <summary>
/// One job as the engine holds it: its definition (the user's fields with defaults), its parsed schedule, and its
/// run state. Mutable; every member is read and written under the engine's lock only.
/// </summary>
internal sealed class ScheduledJob
{
    public ScheduledJob(ResourcePath name, Job definition, JobSchedule schedule, DateTimeOffset userUpdateTime)
    {
        Name = name;
        Definition = definition;
        Schedule = schedule;
        UserUpdateTime = userUpdateTime;
        ScheduleAnchor = userUpdateTime;
    }

    public ResourcePath Name { get; }

    public string Key => Name.FullName;

    /// <summary>The user's fields only; output fields are added by <see cref="ToProto"/>.</summary>
    public Job Definition { get; set; }

    public JobSchedule Schedule { get; set; }

    public Job.Types.State State { get; set; } = Job.Types.State.Enabled;

    /// <summary>The outcome of the last attempt; null before the first.</summary>
    public RpcStatus? Status { get; set; }

    public DateTimeOffset UserUpdateTime { get; set; }

    public DateTimeOffset? LastAttemptTime { get; set; }

    /// <summary>
    /// Every cron instant up to and including this one is done with (fired, folded into a late run, or skipped);
    /// the next run is the schedule's first instant after it. This is what survives a restart so no instant
    /// fires twice.
    /// </summary>
    public DateTimeOffset ScheduleAnchor { get; set; }

    /// <summary>The scheduled run under way, if any; at most one at a time, so runs never overlap.</summary>
    public JobExecution? Execution { get; set; }

    /// <summary>Raised whenever the job's due time changes, so a queued fire entry of an older generation is stale.</summary>
    public long Generation { get; set; }

    public bool IsDeleted { get; set; }

    /// <summary>Attempts by result since the server started; the one member not under the engine's lock (it counts with Interlocked).</summary>
    public ResultCounters Attempts { get; } = new();

    /// <summary>
    /// Set while an RPC's change to this job is being written (completes when it is settled, stored or not). Until
    /// then the job stays as it was: other RPCs on it wait, the loop starts no run of it, and run records are held
    /// back (<see cref="RecordHeldBack"/>) so none written after the RPC's can carry the job's old fields.
    /// </summary>
    public Task? ChangeInWrite { get; set; }

    /// <summary>A run record came while <see cref="ChangeInWrite"/> was set; it is staged once the change is settled.</summary>
    public bool RecordHeldBack { get; set; }

    /// <summary>The next cron instant after the anchor; null when the schedule never fires again.</summary>
    public DateTimeOffset? NextInstant => Schedule.NextAfter(ScheduleAnchor);

    /// <summary>When the engine must act on this job next; null while an attempt is in flight, paused, or never.</summary>
    public DateTimeOffset? DueTime => State != Job.Types.State.Enabled
        ? null
        : Execution is { } execution ? execution.NextAttemptTime : NextInstant;

    /// <summary>A copy to apply an RPC's change to before it is stored; its documents are read at once, so sharing <see cref="Execution"/> is safe.</summary>
    public ScheduledJob Copy() => new(Name, Definition, Schedule, UserUpdateTime)
    {
        State = State,
        Status = Status,
        LastAttemptTime = LastAttemptTime,
        ScheduleAnchor = ScheduleAnchor,
        Execution = Execution,
        IsDeleted = IsDeleted,
    };

    /// <summary>The job as clients see it: definition plus output fields.</summary>
    public Job ToProto()
    {
        var job = Definition.Clone();
        job.State = State;
        job.UserUpdateTime = Timestamp.FromDateTimeOffset(UserUpdateTime);
        if (Status is not null)
        {
            job.Status = Status.Clone();
        }
        if (LastAttemptTime is { } lastAttempt)
        {
            job.LastAttemptTime = Timestamp.FromDateTimeOffset(lastAttempt);
        }
        if (State == Job.Types.State.Enabled && (Execution?.NextAttemptTime ?? NextInstant) is { } next)
        {
            job.ScheduleTime = Timestamp.FromDateTimeOffset(next);
        }
        return job;
    }
}
