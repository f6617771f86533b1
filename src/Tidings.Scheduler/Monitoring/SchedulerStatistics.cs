namespace Tidings.Scheduler.Monitoring;

/// <summary>A snapshot of the Cloud Scheduler engine's statistics, jobs ordered by name.</summary>
public sealed record SchedulerStatistics(IReadOnlyList<JobStatistics> Jobs);
