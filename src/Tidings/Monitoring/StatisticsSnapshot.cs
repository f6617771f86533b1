using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.PubSub.Monitoring;
using Tidings.Scheduler;
using Tidings.Scheduler.Monitoring;
using Tidings.Tasks;
using Tidings.Tasks.Monitoring;

namespace Tidings.Monitoring;

/// <summary>
/// The engines' statistics for one scrape: a scrape reads a dozen instruments one after another, and each would
/// otherwise ask the engines again (the Tasks engine counts every queue in its store). A snapshot is reused for
/// <see cref="Freshness"/> of real time, which covers one scrape and no more. An engine that does not run in this
/// process (<see cref="LocalEngines"/>: a cluster node runs only its units') is not resolved and shows nothing.
/// Thread-safe.
/// </summary>
internal sealed class StatisticsSnapshot(IServiceProvider services, LocalEngines local)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();
    private long _takenAt = long.MinValue;
    private (PubSubStatistics PubSub, TasksStatistics Tasks, SchedulerStatistics Scheduler) _current;

    public PubSubStatistics PubSub => Current().PubSub;

    public TasksStatistics Tasks => Current().Tasks;

    public SchedulerStatistics Scheduler => Current().Scheduler;

    private (PubSubStatistics PubSub, TasksStatistics Tasks, SchedulerStatistics Scheduler) Current()
    {
        lock (_lock)
        {
            if (_takenAt == long.MinValue || Stopwatch.GetElapsedTime(_takenAt) > Freshness)
            {
                // Instrument callbacks are synchronous; counting the queues' tasks is a quick store query.
                var queues = local.Tasks
                    ? services.GetRequiredService<CloudTasksEngine>().GetStatisticsAsync(projectId: null, CancellationToken.None).GetAwaiter().GetResult()
                    : new TasksStatistics([]);
                _current = (
                    local.PubSub ? services.GetRequiredService<PubSubCells>().GetStatistics() : new PubSubStatistics([], []),
                    queues,
                    local.Scheduler ? services.GetRequiredService<SchedulerEngine>().GetStatistics() : new SchedulerStatistics([]));
                _takenAt = Stopwatch.GetTimestamp();
            }
            return _current;
        }
    }
}
