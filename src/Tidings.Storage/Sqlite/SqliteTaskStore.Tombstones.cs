using Tidings.Storage.Tasks;

namespace Tidings.Storage.Sqlite;

public sealed partial class SqliteTaskStore
{
    public Task<bool> IsTaskNameReservedAsync(string queue, string taskId, CancellationToken cancellationToken) =>
        RunAsync("Reading a task tombstone", () => TaskTombstone(null, queue, taskId) is { } expiry && expiry > Now(), cancellationToken);

    public Task<bool> IsQueueNameReservedAsync(string queue, CancellationToken cancellationToken) =>
        RunAsync("Reading a queue tombstone", () =>
            Scalar(null, "SELECT expires_at FROM queue_tombstones WHERE queue = $queue;", ("$queue", queue)) is long expiry && expiry > Now(),
            cancellationToken);

    public Task<int> RemoveExpiredTombstonesAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return WriteAsync("Removing expired tombstones", transaction =>
        {
            var now = Now();
            var tasks = Execute(transaction, """
                DELETE FROM task_tombstones WHERE (queue, task_id) IN
                    (SELECT queue, task_id FROM task_tombstones WHERE expires_at <= $now ORDER BY expires_at LIMIT $limit);
                """, ("$now", now), ("$limit", limit));
            var queues = tasks < limit
                ? Execute(transaction, """
                    DELETE FROM queue_tombstones WHERE queue IN
                        (SELECT queue FROM queue_tombstones WHERE expires_at <= $now ORDER BY expires_at LIMIT $limit);
                    """, ("$now", now), ("$limit", limit - tasks))
                : 0;
            return tasks + queues;
        }, cancellationToken);
    }

    /// <summary>When the task name's tombstone expires (Unix microseconds), or null when it has none.</summary>
    private long? TaskTombstone(Microsoft.Data.Sqlite.SqliteTransaction? transaction, string queue, string taskId) =>
        Scalar(transaction, "SELECT expires_at FROM task_tombstones WHERE queue = $queue AND task_id = $task;", ("$queue", queue), ("$task", taskId)) as long?;

    private long Expiry(TimeSpan reservation) => TaskTime.ToMicros(_time.GetUtcNow() + reservation);

    private long Now() => TaskTime.ToMicros(_time.GetUtcNow());
}
