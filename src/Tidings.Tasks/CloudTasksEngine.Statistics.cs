using Google.Cloud.Tasks.V2;
using Tidings.Tasks.Monitoring;
using Tidings.Tasks.Queues;

namespace Tidings.Tasks;

public sealed partial class CloudTasksEngine
{
    /// <summary>
    /// Depth and attempt counts of every queue, or of one project's. Counts each queue's tasks in the task store (one
    /// query per queue), so it is meant for a scrape or a console refresh, not a hot loop.
    /// </summary>
    public async Task<TasksStatistics> GetStatisticsAsync(string? projectId, CancellationToken cancellationToken)
    {
        var queues = new List<QueueStatistics>();
        foreach (var entry in _queues.Values.Where(entry => !entry.IsClosed && (projectId is null || entry.Name.Project == projectId))
                     .OrderBy(entry => entry.Name.FullName, StringComparer.Ordinal))
        {
            var pending = await _tasks.CountAsync(entry.Name.FullName, cancellationToken).ConfigureAwait(false);
            queues.Add(StatisticsOf(entry, pending));
        }
        return new TasksStatistics(queues);
    }

    private static QueueStatistics StatisticsOf(QueueEntry entry, long pending) => new(
        entry.Name.FullName,
        entry.Name.Project,
        entry.Name.Location ?? "",
        entry.Name.Id,
        Queue.Descriptor.FindFieldByName("state").EnumType.FindValueByNumber((int)entry.Definition.State).Name,
        pending,
        entry.Dispatcher.InFlightCount,
        entry.Attempts.Snapshot());
}
