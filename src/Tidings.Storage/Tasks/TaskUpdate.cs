namespace Tidings.Storage.Tasks;

/// <summary>One update of <see cref="ITaskStore.UpdateManyAsync"/>: as <see cref="ITaskStore.UpdateAsync"/> takes it.</summary>
/// <param name="TaskId">The task's id within the queue.</param>
/// <param name="ExpectedVersion">The version the task must still be at.</param>
/// <param name="ScheduleTime">The new schedule time.</param>
/// <param name="Payload">The new payload.</param>
public readonly record struct TaskUpdate(string TaskId, long ExpectedVersion, DateTimeOffset ScheduleTime, ReadOnlyMemory<byte> Payload);
