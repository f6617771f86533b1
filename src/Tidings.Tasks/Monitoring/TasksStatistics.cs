namespace Tidings.Tasks.Monitoring;

/// <summary>A snapshot of the Cloud Tasks engine's statistics, queues ordered by name.</summary>
public sealed record TasksStatistics(IReadOnlyList<QueueStatistics> Queues);
