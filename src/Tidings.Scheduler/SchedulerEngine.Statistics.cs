using Google.Cloud.Scheduler.V1;
using Tidings.Scheduler.Jobs;
using Tidings.Scheduler.Monitoring;

namespace Tidings.Scheduler;

public sealed partial class SchedulerEngine
{
    /// <summary>State and attempt counts of every job, or of one project's; one short hold of the engine's lock.</summary>
    public SchedulerStatistics GetStatistics(string? projectId = null)
    {
        lock (_lock)
        {
            return new SchedulerStatistics(_jobs.Values
                .Where(job => !job.IsDeleted && (projectId is null || job.Name.Project == projectId))
                .OrderBy(job => job.Key, StringComparer.Ordinal)
                .Select(StatisticsOf)
                .ToList());
        }
    }

    /// <summary>Lock held.</summary>
    private static JobStatistics StatisticsOf(ScheduledJob job) => new(
        job.Key,
        job.Name.Project,
        job.Name.Location ?? "",
        job.Name.Id,
        Job.Descriptor.FindFieldByName("state").EnumType.FindValueByNumber((int)job.State).Name,
        job.Attempts.Snapshot(),
        job.LastAttemptTime,
        job.DueTime);
}
