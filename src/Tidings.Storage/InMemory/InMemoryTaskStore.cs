using Tidings.Storage.Tasks;

namespace Tidings.Storage.InMemory;

/// <summary>
/// Tasks in memory for the life of the process: per queue, a map by task id (for lookups and listing) and a sorted
/// set by (schedule time, task id) for dispatch order. One lock; every call completes synchronously.
/// </summary>
public sealed partial class InMemoryTaskStore(TaskStoreOptions options, TimeProvider time) : ITaskStore
{
    private static readonly Comparer<(long ScheduleMicros, string TaskId)> DueOrder = Comparer<(long ScheduleMicros, string TaskId)>.Create(
        (a, b) => a.ScheduleMicros != b.ScheduleMicros ? a.ScheduleMicros.CompareTo(b.ScheduleMicros) : string.CompareOrdinal(a.TaskId, b.TaskId));

    private readonly Lock _lock = new();
    private readonly Dictionary<string, QueueTasks> _queues = new(StringComparer.Ordinal);

    public Task<TaskWriteResult> CreateAsync(string queue, string taskId, DateTimeOffset scheduleTime, DateTimeOffset createTime,
        ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var tasks = Tasks(queue);
            if (tasks.ById.ContainsKey(taskId))
            {
                return Task.FromResult(TaskWriteResult.Refused(TaskWriteStatus.AlreadyExists));
            }
            if (TaskTombstoneLive(queue, taskId))
            {
                return Task.FromResult(TaskWriteResult.Refused(TaskWriteStatus.NameReserved));
            }
            _taskTombstones.Remove((queue, taskId));
            var task = new StoredTask(queue, taskId, TaskTime.Truncate(scheduleTime), TaskTime.Truncate(createTime), payload.ToArray(), 1);
            tasks.Put(task);
            return Task.FromResult(TaskWriteResult.Done(task));
        }
    }

    public Task<StoredTask?> GetAsync(string queue, string taskId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_queues.GetValueOrDefault(queue)?.ById.GetValueOrDefault(taskId));
        }
    }

    public Task<IReadOnlyList<StoredTask>> ListDueAsync(string queue, DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_lock)
        {
            if (!_queues.TryGetValue(queue, out var tasks))
            {
                return Task.FromResult<IReadOnlyList<StoredTask>>([]);
            }
            var upTo = TaskTime.ToMicros(dueBy);
            IReadOnlyList<StoredTask> due = [.. tasks.ByDue.TakeWhile(key => key.ScheduleMicros <= upTo).Take(limit).Select(key => tasks.ById[key.TaskId])];
            return Task.FromResult(due);
        }
    }

    public Task<IReadOnlyList<StoredTask>> ListDueAfterAsync(string queue, DateTimeOffset afterScheduleTime, string afterTaskId, DateTimeOffset dueBy,
        int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_lock)
        {
            if (!_queues.TryGetValue(queue, out var tasks))
            {
                return Task.FromResult<IReadOnlyList<StoredTask>>([]);
            }
            var after = (TaskTime.ToMicros(afterScheduleTime), afterTaskId);
            var upTo = TaskTime.ToMicros(dueBy);
            IReadOnlyList<StoredTask> due = [.. tasks.ByDue.GetViewBetween(after, (long.MaxValue, ""))
                .SkipWhile(key => DueOrder.Compare(key, after) <= 0)
                .TakeWhile(key => key.ScheduleMicros <= upTo).Take(limit).Select(key => tasks.ById[key.TaskId])];
            return Task.FromResult(due);
        }
    }

    public Task<TaskPage> ListAsync(string queue, int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var after = TaskPageToken.Parse(pageToken);
        lock (_lock)
        {
            if (!_queues.TryGetValue(queue, out var tasks))
            {
                return Task.FromResult(new TaskPage([], ""));
            }
            var page = tasks.ById.Where(entry => string.CompareOrdinal(entry.Key, after) > 0).Take(pageSize + 1).Select(entry => entry.Value).ToList();
            var next = page.Count > pageSize ? TaskPageToken.After(page[pageSize - 1].TaskId) : "";
            return Task.FromResult(new TaskPage(page[..Math.Min(pageSize, page.Count)], next));
        }
    }

    public Task<long> CountAsync(string queue, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult((long)(_queues.GetValueOrDefault(queue)?.ById.Count ?? 0));
        }
    }

    public Task<TaskWriteResult> UpdateAsync(string queue, string taskId, long expectedVersion, DateTimeOffset scheduleTime,
        ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Update(queue, new TaskUpdate(taskId, expectedVersion, scheduleTime, payload)));
        }
    }

    public Task<IReadOnlyList<TaskWriteResult>> UpdateManyAsync(string queue, IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<TaskWriteResult>>([.. updates.Select(update => Update(queue, update))]);
        }
    }

    public Task<TaskWriteResult> DeleteAsync(string queue, string taskId, long? expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var found = Find(queue, taskId, expectedVersion);
            if (found.Task is { } task)
            {
                _queues[queue].Remove(task);
                ReserveTaskName(queue, taskId);
            }
            return Task.FromResult(found);
        }
    }

    public Task<long> PurgeAsync(string queue, DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        var before = TaskTime.Truncate(createdBefore);
        lock (_lock)
        {
            if (!_queues.TryGetValue(queue, out var tasks))
            {
                return Task.FromResult(0L);
            }
            var purged = tasks.ById.Values.Where(task => task.CreateTime < before).ToList();
            foreach (var task in purged)
            {
                tasks.Remove(task);
                ReserveTaskName(queue, task.TaskId);
            }
            return Task.FromResult((long)purged.Count);
        }
    }

    public Task<long> DeleteQueueAsync(string queue, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var count = _queues.Remove(queue, out var tasks) ? tasks.ById.Count : 0;
            foreach (var key in _taskTombstones.Keys.Where(key => key.Queue == queue).ToList())
            {
                _taskTombstones.Remove(key);
            }
            _queueTombstones[queue] = Expiry(options.QueueNameReservation);
            return Task.FromResult((long)count);
        }
    }

    public void Dispose()
    {
    }

    /// <summary>Lock must be held.</summary>
    private TaskWriteResult Update(string queue, TaskUpdate update)
    {
        if (Find(queue, update.TaskId, update.ExpectedVersion) is { Status: not TaskWriteStatus.Done } refused)
        {
            return refused;
        }
        var tasks = _queues[queue];
        var current = tasks.ById[update.TaskId];
        tasks.Remove(current);
        var updated = current with { ScheduleTime = TaskTime.Truncate(update.ScheduleTime), Payload = update.Payload.ToArray(), Version = current.Version + 1 };
        tasks.Put(updated);
        return TaskWriteResult.Done(updated);
    }

    /// <summary>The task if it is at the expected version (any, when null). Lock must be held.</summary>
    private TaskWriteResult Find(string queue, string taskId, long? expectedVersion)
    {
        if (_queues.GetValueOrDefault(queue)?.ById.GetValueOrDefault(taskId) is not { } task)
        {
            return TaskWriteResult.Refused(TaskWriteStatus.NotFound);
        }
        return expectedVersion is { } expected && task.Version != expected
            ? TaskWriteResult.Refused(TaskWriteStatus.VersionMismatch)
            : TaskWriteResult.Done(task);
    }

    /// <summary>Lock must be held.</summary>
    private QueueTasks Tasks(string queue)
    {
        if (!_queues.TryGetValue(queue, out var tasks))
        {
            _queues[queue] = tasks = new QueueTasks();
        }
        return tasks;
    }

    private sealed class QueueTasks
    {
        public SortedDictionary<string, StoredTask> ById { get; } = new(StringComparer.Ordinal);

        public SortedSet<(long ScheduleMicros, string TaskId)> ByDue { get; } = new(DueOrder);

        public void Put(StoredTask task)
        {
            ById[task.TaskId] = task;
            ByDue.Add((TaskTime.ToMicros(task.ScheduleTime), task.TaskId));
        }

        public void Remove(StoredTask task)
        {
            ById.Remove(task.TaskId);
            ByDue.Remove((TaskTime.ToMicros(task.ScheduleTime), task.TaskId));
        }
    }
}
