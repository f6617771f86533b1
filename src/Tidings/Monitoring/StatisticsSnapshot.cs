using System.Diagnostics;
using Tidings.PubSub;
using Tidings.PubSub.Monitoring;
using Tidings.Scheduler;
using Tidings.Scheduler.Monitoring;
using Tidings.Tasks;
using Tidings.Tasks.Monitoring;

namespace Tidings.Monitoring;

/// <summary>
/// The engines' statistics for one scrape: a scrape reads a dozen instruments one after another, and each would
/// otherwise ask the engines again (the Tasks engine counts every queue in its store). A snapshot is reused for
/// <see cref="Freshness"/> of real time, which covers one scrape and no more. Thread-safe.
/// </summary>
internal sealed class StatisticsSnapshot(PubSubBroker pubSub, CloudTasksEngine tasks, SchedulerEngine scheduler)
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
                var queues = tasks.GetStatisticsAsync(projectId: null, CancellationToken.None).GetAwaiter().GetResult();
                _current = (pubSub.GetStatistics(), queues, scheduler.GetStatistics());
                _takenAt = Stopwatch.GetTimestamp();
            }
            return _current;
        }
    }
}
