namespace Tidings.Scheduler.Jobs;

/// <summary>
/// The scheduled run of a job that is under way: the cron instant it is for, when its first attempt started, how
/// many attempts have started, and either an attempt in flight or the time of the next retry. Mutable; guarded by
/// the engine's lock like the job that holds it.
/// </summary>
internal sealed class JobExecution
{
    public JobExecution(DateTimeOffset instant, DateTimeOffset firstAttemptTime)
    {
        Instant = instant;
        FirstAttemptTime = firstAttemptTime;
    }

    /// <summary>The cron instant this run is for (its <c>X-CloudScheduler-ScheduleTime</c>).</summary>
    public DateTimeOffset Instant { get; }

    public DateTimeOffset FirstAttemptTime { get; }

    /// <summary>Attempts started so far, the first included.</summary>
    public int Attempts { get; set; }

    /// <summary>True from an attempt's start until its outcome is known.</summary>
    public bool InFlight { get; set; }

    /// <summary>When the next retry is due; null while an attempt is in flight.</summary>
    public DateTimeOffset? NextAttemptTime { get; set; }
}
