namespace Tidings.Storage.Tasks;

/// <summary>The outcome of a task write, with the task as written (or deleted) when it was <see cref="TaskWriteStatus.Done"/>.</summary>
public readonly record struct TaskWriteResult(TaskWriteStatus Status, StoredTask? Task)
{
    public static TaskWriteResult Done(StoredTask task) => new(TaskWriteStatus.Done, task);

    public static TaskWriteResult Refused(TaskWriteStatus status) => new(status, null);
}
