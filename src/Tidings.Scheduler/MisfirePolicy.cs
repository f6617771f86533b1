namespace Tidings.Scheduler;

/// <summary>What a job does at start-up about cron instants that passed while the server was down.</summary>
public enum MisfirePolicy
{
    /// <summary>One late run for the earliest missed instant, the others folded into it; then the schedule resumes.</summary>
    Once,

    /// <summary>No late run: the job waits for its next instant.</summary>
    Skip,
}
