using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Persistence;

/// <summary>
/// What the task store keeps per task (as its payload, <see cref="TaskRecordCodec"/>): the task as GetTask answers
/// it in the FULL view, plus the dispatch state Google's headers need and the task does not show. Owned by one
/// thread at a time (the call that read it); a changed record is written back as a whole.
/// </summary>
internal sealed class TaskRecord
{
    public TaskRecord(CloudTask task) => Task = task;

    /// <summary>
    /// The task. Its <c>schedule_time</c> is when its next attempt is due (or, while one is made, was due); the store's
    /// schedule time differs from it only while the task is claimed (<see cref="Claimed"/>).
    /// </summary>
    public CloudTask Task { get; }

    /// <summary>Attempts answered with anything but a 5xx: <c>X-CloudTasks-TaskExecutionCount</c> of HTTP targets.</summary>
    public int ExecutionCount { get; set; }

    /// <summary>The HTTP status of the attempt just before, 0 when it got none (or there was none).</summary>
    public int PreviousResponse { get; set; }

    /// <summary>
    /// An attempt is being made: the store's schedule time is the end of the claim's lease. A claimed record found
    /// after a restart is an attempt its process did not finish; it is dispatched again.
    /// </summary>
    public bool Claimed { get; set; }

    /// <summary>The claimed attempt was started by RunTask, so a failure is retried from when RunTask was called.</summary>
    public bool Forced { get; set; }

    public TaskRecord Clone() => new(Task.Clone())
    {
        ExecutionCount = ExecutionCount,
        PreviousResponse = PreviousResponse,
        Claimed = Claimed,
        Forced = Forced,
    };
}
