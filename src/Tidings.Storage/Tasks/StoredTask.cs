namespace Tidings.Storage.Tasks;

/// <summary>A task as the store keeps it. Immutable; a changed task comes back as a new instance.</summary>
/// <param name="Queue">The queue's full name.</param>
/// <param name="TaskId">The task's id within the queue.</param>
/// <param name="ScheduleTime">When the task is due for dispatch, to the microsecond.</param>
/// <param name="CreateTime">When the task was created, to the microsecond.</param>
/// <param name="Payload">The domain's serialised task; opaque to the store.</param>
/// <param name="Version">1 when created, one more with every update; what optimistic writes name.</param>
public sealed record StoredTask(string Queue, string TaskId, DateTimeOffset ScheduleTime, DateTimeOffset CreateTime, ReadOnlyMemory<byte> Payload, long Version);
