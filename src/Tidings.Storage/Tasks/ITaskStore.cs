using Tidings.Storage.Messages;

namespace Tidings.Storage.Tasks;

/// <summary>
/// Cloud Tasks' tasks, keyed by (queue, task id), each with an opaque payload the domain serialises (the store
/// reads only the schedule time, the create time and the version), plus the name tombstones that keep a deleted
/// task's or queue's name reserved for a while. Holds more tasks than fit in memory: a durable implementation reads
/// what each call needs and caches nothing. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Queue names and task ids are opaque strings compared ordinally (Cloud Tasks restricts both to ASCII letters,
/// digits, '-' and '_'). Times are kept to the microsecond (as PostgreSQL's <c>timestamptz</c>): values passed in
/// are truncated, and what comes back is truncated. Tombstone expiry is judged by the store's injected clock.
/// </para>
/// <para>
/// Every method maps onto plain SQL (keyed reads and writes, range scans over an index on (queue, schedule time,
/// task id), <c>INSERT … SELECT</c>, conditional <c>UPDATE … WHERE version = …</c>) so that a PostgreSQL
/// implementation can follow. Each write is atomic and durable when its task completes (for a durable store).
/// </para>
/// <para>
/// Storage failures are typed as for every store: <see cref="StorageFullException"/> (no room; nothing of the call
/// was stored) and <see cref="StorageFailedException"/> (any other failure; nothing of the call was stored).
/// Expected outcomes — a name taken, a task missing, a version moved on — are results, not exceptions.
/// </para>
/// </remarks>
public interface ITaskStore : IDisposable
{
    /// <summary>
    /// Stores a new task with version 1. Refused with <see cref="TaskWriteStatus.AlreadyExists"/> when a task of that
    /// name exists, and with <see cref="TaskWriteStatus.NameReserved"/> while a tombstone keeps the name.
    /// </summary>
    /// <param name="scheduleTime">When the task becomes due for dispatch.</param>
    /// <param name="createTime">When the task was created; <see cref="PurgeAsync"/> goes by it.</param>
    Task<TaskWriteResult> CreateAsync(string queue, string taskId, DateTimeOffset scheduleTime, DateTimeOffset createTime,
        ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>The task, or null when there is none of that name (see <see cref="IsTaskNameReservedAsync"/> for why).</summary>
    Task<StoredTask?> GetAsync(string queue, string taskId, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> tasks of the queue due at or before <paramref name="dueBy"/>, earliest schedule
    /// time first (ties by task id). Costs in proportion to what it returns, not to the queue's size. Reads only.
    /// </summary>
    /// <param name="limit">At least 1.</param>
    Task<IReadOnlyList<StoredTask>> ListDueAsync(string queue, DateTimeOffset dueBy, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ListDueAsync"/>, but only tasks after (<paramref name="afterScheduleTime"/>,
    /// <paramref name="afterTaskId"/>) in that order: the last task of one call continues the next, so a caller can walk
    /// a range of any size in pages (the start-up scan for claims left behind does). Reads only.
    /// </summary>
    /// <param name="afterTaskId">"" to start at <paramref name="afterScheduleTime"/> itself.</param>
    /// <param name="limit">At least 1.</param>
    Task<IReadOnlyList<StoredTask>> ListDueAfterAsync(string queue, DateTimeOffset afterScheduleTime, string afterTaskId, DateTimeOffset dueBy, int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// One page of the queue's tasks in task id order. <paramref name="pageToken"/> is "" for the first page, else
    /// the previous page's <see cref="TaskPage.NextPageToken"/> (tokens stay valid while tasks change: a page
    /// starts after the last id of the one before). A token this store did not issue throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    /// <param name="pageSize">At least 1.</param>
    Task<TaskPage> ListAsync(string queue, int pageSize, string pageToken, CancellationToken cancellationToken);

    /// <summary>How many tasks the queue holds.</summary>
    Task<long> CountAsync(string queue, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the schedule time and payload (e.g. the next attempt after a dispatch) if the task is still at
    /// <paramref name="expectedVersion"/>; the version then goes up by one. Otherwise
    /// <see cref="TaskWriteStatus.NotFound"/> or <see cref="TaskWriteStatus.VersionMismatch"/> and nothing changes.
    /// </summary>
    Task<TaskWriteResult> UpdateAsync(string queue, string taskId, long expectedVersion, DateTimeOffset scheduleTime,
        ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>
    /// Several <see cref="UpdateAsync"/> of one queue's tasks as one write (a dispatcher claims its batch of due tasks
    /// so): each applies or is refused on its own, and the results come in the order of <paramref name="updates"/>.
    /// </summary>
    /// <param name="updates">Distinct task ids; may be empty.</param>
    Task<IReadOnlyList<TaskWriteResult>> UpdateManyAsync(string queue, IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a task (deleted by a caller, or finished) and reserves its name for
    /// <see cref="TaskStoreOptions.TaskNameReservation"/>. With <paramref name="expectedVersion"/>, only if the task
    /// is still at that version. The result carries the deleted task.
    /// </summary>
    Task<TaskWriteResult> DeleteAsync(string queue, string taskId, long? expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every task of the queue created before <paramref name="createdBefore"/>, reserving their names as
    /// <see cref="DeleteAsync"/> does, and returns how many went.
    /// </summary>
    Task<long> PurgeAsync(string queue, DateTimeOffset createdBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every task of the queue and its task tombstones, and reserves the queue's name for
    /// <see cref="TaskStoreOptions.QueueNameReservation"/>. Returns how many tasks went.
    /// </summary>
    Task<long> DeleteQueueAsync(string queue, CancellationToken cancellationToken);

    /// <summary>True while a tombstone reserves the task's name (it was deleted or finished recently).</summary>
    Task<bool> IsTaskNameReservedAsync(string queue, string taskId, CancellationToken cancellationToken);

    /// <summary>True while a tombstone reserves the queue's name (it was deleted recently).</summary>
    Task<bool> IsQueueNameReservedAsync(string queue, CancellationToken cancellationToken);

    /// <summary>
    /// Removes up to <paramref name="limit"/> expired tombstones (task and queue names alike) and returns how many.
    /// Expired ones already reserve nothing; this only reclaims their space, so call it now and then, repeating
    /// while it returns <paramref name="limit"/>.
    /// </summary>
    Task<int> RemoveExpiredTombstonesAsync(int limit, CancellationToken cancellationToken);
}
