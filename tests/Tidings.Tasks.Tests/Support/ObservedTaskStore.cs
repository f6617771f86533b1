using Tidings.Storage.Tasks;

namespace Tidings.Tasks.Tests.Support;

/// <summary>A task store that records how the engine reads it: the largest due batch asked for, listings, tombstone sweeps.</summary>
internal sealed class ObservedTaskStore(ITaskStore inner) : ITaskStore
{
    private int _largestDueRead;
    private int _listings;
    private int _tombstonesRemoved;

    public int LargestDueRead => Volatile.Read(ref _largestDueRead);

    public int Listings => Volatile.Read(ref _listings);

    public int TombstonesRemoved => Volatile.Read(ref _tombstonesRemoved);

    public Task<TaskWriteResult> CreateAsync(string queue, string taskId, DateTimeOffset scheduleTime, DateTimeOffset createTime, ReadOnlyMemory<byte> payload,
        CancellationToken cancellationToken) => inner.CreateAsync(queue, taskId, scheduleTime, createTime, payload, cancellationToken);

    public Task<StoredTask?> GetAsync(string queue, string taskId, CancellationToken cancellationToken) => inner.GetAsync(queue, taskId, cancellationToken);

    public async Task<IReadOnlyList<StoredTask>> ListDueAsync(string queue, DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        var due = await inner.ListDueAsync(queue, dueBy, limit, cancellationToken);
        for (var largest = LargestDueRead; due.Count > largest; largest = LargestDueRead)
        {
            Interlocked.CompareExchange(ref _largestDueRead, due.Count, largest);
        }
        return due;
    }

    public Task<IReadOnlyList<StoredTask>> ListDueAfterAsync(string queue, DateTimeOffset afterScheduleTime, string afterTaskId, DateTimeOffset dueBy, int limit,
        CancellationToken cancellationToken) => inner.ListDueAfterAsync(queue, afterScheduleTime, afterTaskId, dueBy, limit, cancellationToken);

    public Task<TaskPage> ListAsync(string queue, int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listings);
        return inner.ListAsync(queue, pageSize, pageToken, cancellationToken);
    }

    public Task<long> CountAsync(string queue, CancellationToken cancellationToken) => inner.CountAsync(queue, cancellationToken);

    public Task<TaskWriteResult> UpdateAsync(string queue, string taskId, long expectedVersion, DateTimeOffset scheduleTime, ReadOnlyMemory<byte> payload,
        CancellationToken cancellationToken) => inner.UpdateAsync(queue, taskId, expectedVersion, scheduleTime, payload, cancellationToken);

    public Task<IReadOnlyList<TaskWriteResult>> UpdateManyAsync(string queue, IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken) =>
        inner.UpdateManyAsync(queue, updates, cancellationToken);

    public Task<TaskWriteResult> DeleteAsync(string queue, string taskId, long? expectedVersion, CancellationToken cancellationToken) =>
        inner.DeleteAsync(queue, taskId, expectedVersion, cancellationToken);

    public Task<long> PurgeAsync(string queue, DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        inner.PurgeAsync(queue, createdBefore, cancellationToken);

    public Task<long> DeleteQueueAsync(string queue, CancellationToken cancellationToken) => inner.DeleteQueueAsync(queue, cancellationToken);

    public Task<bool> IsTaskNameReservedAsync(string queue, string taskId, CancellationToken cancellationToken) =>
        inner.IsTaskNameReservedAsync(queue, taskId, cancellationToken);

    public Task<bool> IsQueueNameReservedAsync(string queue, CancellationToken cancellationToken) => inner.IsQueueNameReservedAsync(queue, cancellationToken);

    public async Task<int> RemoveExpiredTombstonesAsync(int limit, CancellationToken cancellationToken)
    {
        var removed = await inner.RemoveExpiredTombstonesAsync(limit, cancellationToken);
        Interlocked.Add(ref _tombstonesRemoved, removed);
        return removed;
    }

    public void Dispose() => inner.Dispose();
}
