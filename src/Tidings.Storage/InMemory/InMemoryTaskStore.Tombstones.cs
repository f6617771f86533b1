using Tidings.Storage.Tasks;

namespace Tidings.Storage.InMemory;

public sealed partial class InMemoryTaskStore
{
    /// <summary>Reserved task names and when they expire (Unix microseconds). Lock must be held.</summary>
    private readonly Dictionary<(string Queue, string TaskId), long> _taskTombstones = [];

    /// <summary>Reserved queue names and when they expire (Unix microseconds). Lock must be held.</summary>
    private readonly Dictionary<string, long> _queueTombstones = new(StringComparer.Ordinal);

    public Task<bool> IsTaskNameReservedAsync(string queue, string taskId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(TaskTombstoneLive(queue, taskId));
        }
    }

    public Task<bool> IsQueueNameReservedAsync(string queue, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_queueTombstones.TryGetValue(queue, out var expiry) && expiry > Now());
        }
    }

    public Task<int> RemoveExpiredTombstonesAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_lock)
        {
            var now = Now();
            var tasks = _taskTombstones.Where(entry => entry.Value <= now).Take(limit).Select(entry => entry.Key).ToList();
            foreach (var key in tasks)
            {
                _taskTombstones.Remove(key);
            }
            var queues = _queueTombstones.Where(entry => entry.Value <= now).Take(limit - tasks.Count).Select(entry => entry.Key).ToList();
            foreach (var key in queues)
            {
                _queueTombstones.Remove(key);
            }
            return Task.FromResult(tasks.Count + queues.Count);
        }
    }

    /// <summary>Lock must be held.</summary>
    private bool TaskTombstoneLive(string queue, string taskId) =>
        _taskTombstones.TryGetValue((queue, taskId), out var expiry) && expiry > Now();

    /// <summary>Lock must be held.</summary>
    private void ReserveTaskName(string queue, string taskId) => _taskTombstones[(queue, taskId)] = Expiry(options.TaskNameReservation);

    private long Expiry(TimeSpan reservation) => TaskTime.ToMicros(time.GetUtcNow() + reservation);

    private long Now() => TaskTime.ToMicros(time.GetUtcNow());
}
