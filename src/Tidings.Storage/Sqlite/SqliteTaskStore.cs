using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Tidings.Storage.Tasks;

namespace Tidings.Storage.Sqlite;

/// <summary>
/// Tasks in their own SQLite file (<c>tasks.db</c> beside the state database; layout in
/// <c>Tasks/FORMAT.md</c>): a <c>tasks</c> table keyed by (queue, task id) with an index on (queue, schedule time,
/// task id) for dispatch order, and two tombstone tables. Every call is one query or one write; writes are
/// group-committed (<c>SqliteTaskStore.GroupCommit.cs</c>): what is queued runs in one transaction, so one fsync
/// covers many. Purges scan the queue's rows (no index on the create time: it cost every create and delete a page). Nothing is cached beyond SQLite's page
/// cache (32 MiB), so a queue may hold far more tasks than memory. One connection, calls serialised; WAL and
/// <c>synchronous=FULL</c> make each completed write durable.
/// </summary>
/// <remarks>
/// Its own file rather than the state database: task writes come with every dispatch and can be many, while the
/// state store serialises small admin and checkpoint batches behind one lock; separate files keep the two from
/// queueing behind each other's fsyncs and let each be sized and inspected on its own. No write spans both (a
/// queue's definition lives in the state store; its tasks and tombstones here).
/// </remarks>
public sealed partial class SqliteTaskStore : ITaskStore
{
    internal const int SchemaVersion = 1;

    private const string Columns = "task_id, schedule_time, create_time, version, payload";

    /// <summary>The dispatch-order query: a range of the (queue, schedule_time, task_id) index, no sort.</summary>
    internal const string DueQuery =
        $"SELECT {Columns} FROM tasks WHERE queue = $queue AND schedule_time <= $due ORDER BY schedule_time, task_id LIMIT $limit;";

    /// <summary>The dispatch-order query from a position on: the same index range, started past a row value.</summary>
    internal const string DueAfterQuery =
        $"SELECT {Columns} FROM tasks WHERE queue = $queue AND (schedule_time, task_id) > ($after, $afterTask) AND schedule_time <= $due ORDER BY schedule_time, task_id LIMIT $limit;";

    /// <summary>
    /// A create as one statement: inserts unless the name is taken by a task or has a tombstone (expired or not), and
    /// reports 0 rows then, for the checks that tell which. It replaces three statements per create (a lookup of the
    /// task, one of its tombstone, the insert), each a command bound, stepped and reset on the writer.
    /// </summary>
    private const string CreateIfFreeStatement = """
        INSERT INTO tasks (queue, task_id, schedule_time, create_time, version, payload)
        SELECT $queue, $task, $schedule, $created, 1, $payload
        WHERE NOT EXISTS (SELECT 1 FROM task_tombstones WHERE queue = $queue AND task_id = $task)
        ON CONFLICT DO NOTHING;
        """;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS tasks (
            queue TEXT NOT NULL, task_id TEXT NOT NULL, schedule_time INTEGER NOT NULL, create_time INTEGER NOT NULL,
            version INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (queue, task_id));
        CREATE INDEX IF NOT EXISTS tasks_by_schedule ON tasks (queue, schedule_time, task_id);
        DROP INDEX IF EXISTS tasks_by_creation;
        CREATE TABLE IF NOT EXISTS task_tombstones (
            queue TEXT NOT NULL, task_id TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (queue, task_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS task_tombstones_by_expiry ON task_tombstones (expires_at);
        CREATE TABLE IF NOT EXISTS queue_tombstones (queue TEXT NOT NULL PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS queue_tombstones_by_expiry ON queue_tombstones (expires_at);
        """;

    /// <summary>
    /// SQLite's page cache for this file, KiB: 32 MiB rather than the default 2 MB, so the indexes that every dispatch
    /// touches (due order, tombstones) stay in memory for queues of a few hundred thousand tasks; larger queues read
    /// pages from the OS cache. Measured: 2 MB spent most of the writer's time in page reads at 5,000 dispatches/s.
    /// </summary>
    private const int CacheKib = 32 * 1024;

    /// <summary>
    /// WAL pages after which a commit copies the log back into the database (SQLite's default is 1,000): a page that
    /// many commits change, as the index pages of busy queues are, is then copied back once rather than every few
    /// commits. 16,000 pages of 4 KiB bound the log at about 64 MiB.
    /// </summary>
    private const int CheckpointPages = 16_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly SqliteConnection _connection;
    private readonly TaskStoreOptions _options;
    private readonly TimeProvider _time;

    public SqliteTaskStore(SqliteStoreOptions storage, TaskStoreOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _connection = SqliteConnections.Open(storage, Schema, SchemaVersion);
        SqliteConnections.Execute(_connection, $"PRAGMA cache_size=-{CacheKib}; PRAGMA wal_autocheckpoint={CheckpointPages}; PRAGMA temp_store=MEMORY;");
        StartWriter();
    }

    public Task<TaskWriteResult> CreateAsync(string queue, string taskId, DateTimeOffset scheduleTime, DateTimeOffset createTime,
        ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        WriteAsync("Creating a task", transaction =>
        {
            var bytes = Blob(payload);
            var task = new StoredTask(queue, taskId, TaskTime.Truncate(scheduleTime), TaskTime.Truncate(createTime), bytes, 1);
            // The usual create (a new name, no tombstone) is one statement; any other case takes the checks below.
            if (Execute(transaction, CreateIfFreeStatement, ("$queue", queue), ("$task", taskId), ("$schedule", TaskTime.ToMicros(task.ScheduleTime)),
                    ("$created", TaskTime.ToMicros(task.CreateTime)), ("$payload", bytes)) == 1)
            {
                return TaskWriteResult.Done(task);
            }
            if (Exists(transaction, queue, taskId))
            {
                return TaskWriteResult.Refused(TaskWriteStatus.AlreadyExists);
            }
            if (TaskTombstone(transaction, queue, taskId) is { } expiry)
            {
                if (expiry > Now())
                {
                    return TaskWriteResult.Refused(TaskWriteStatus.NameReserved);
                }
                Execute(transaction, "DELETE FROM task_tombstones WHERE queue = $queue AND task_id = $task;", ("$queue", queue), ("$task", taskId));
            }
            Execute(transaction, "INSERT INTO tasks (queue, task_id, schedule_time, create_time, version, payload) VALUES ($queue, $task, $schedule, $created, 1, $payload);",
                ("$queue", queue), ("$task", taskId), ("$schedule", TaskTime.ToMicros(task.ScheduleTime)), ("$created", TaskTime.ToMicros(task.CreateTime)),
                ("$payload", bytes));
            return TaskWriteResult.Done(task);
        }, cancellationToken);

    public Task<StoredTask?> GetAsync(string queue, string taskId, CancellationToken cancellationToken) =>
        RunAsync("Reading a task", () => ReadTask(null, queue, taskId), cancellationToken);

    public Task<IReadOnlyList<StoredTask>> ListDueAsync(string queue, DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return RunAsync<IReadOnlyList<StoredTask>>("Reading due tasks", () =>
            ReadTasks(null, queue, DueQuery, ("$queue", queue), ("$due", TaskTime.ToMicros(dueBy)), ("$limit", limit)), cancellationToken);
    }

    public Task<IReadOnlyList<StoredTask>> ListDueAfterAsync(string queue, DateTimeOffset afterScheduleTime, string afterTaskId, DateTimeOffset dueBy,
        int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return RunAsync<IReadOnlyList<StoredTask>>("Reading due tasks", () =>
            ReadTasks(null, queue, DueAfterQuery, ("$queue", queue), ("$after", TaskTime.ToMicros(afterScheduleTime)), ("$afterTask", afterTaskId),
                ("$due", TaskTime.ToMicros(dueBy)), ("$limit", limit)), cancellationToken);
    }

    public Task<TaskPage> ListAsync(string queue, int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var after = TaskPageToken.Parse(pageToken);
        return RunAsync("Listing tasks", () =>
        {
            var page = ReadTasks(null, queue, $"SELECT {Columns} FROM tasks WHERE queue = $queue AND task_id > $after ORDER BY task_id LIMIT $limit;",
                ("$queue", queue), ("$after", after), ("$limit", pageSize + 1));
            var next = page.Count > pageSize ? TaskPageToken.After(page[pageSize - 1].TaskId) : "";
            return new TaskPage(page[..Math.Min(pageSize, page.Count)], next);
        }, cancellationToken);
    }

    public Task<long> CountAsync(string queue, CancellationToken cancellationToken) =>
        RunAsync("Counting tasks", () => (long)Scalar(null, "SELECT COUNT(*) FROM tasks WHERE queue = $queue;", ("$queue", queue))!, cancellationToken);

    public Task<TaskWriteResult> UpdateAsync(string queue, string taskId, long expectedVersion, DateTimeOffset scheduleTime,
        ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        WriteAsync("Updating a task", transaction => Update(transaction, queue, new TaskUpdate(taskId, expectedVersion, scheduleTime, payload)),
            cancellationToken);

    public Task<IReadOnlyList<TaskWriteResult>> UpdateManyAsync(string queue, IReadOnlyList<TaskUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<TaskWriteResult>>([]);
        }
        return WriteAsync<IReadOnlyList<TaskWriteResult>>("Updating tasks", transaction =>
        {
            var results = new TaskWriteResult[updates.Count];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = Update(transaction, queue, updates[i]);
            }
            return results;
        }, cancellationToken);
    }

    public Task<TaskWriteResult> DeleteAsync(string queue, string taskId, long? expectedVersion, CancellationToken cancellationToken) =>
        WriteAsync("Deleting a task", transaction =>
        {
            var deleted = ReadTasks(transaction, queue,
                $"DELETE FROM tasks WHERE queue = $queue AND task_id = $task AND ($version IS NULL OR version = $version) RETURNING {Columns};",
                ("$queue", queue), ("$task", taskId), ("$version", expectedVersion));
            if (deleted.Count == 0)
            {
                return Missed(transaction, queue, taskId);
            }
            Execute(transaction, """
                INSERT INTO task_tombstones (queue, task_id, expires_at) VALUES ($queue, $task, $expires)
                ON CONFLICT (queue, task_id) DO UPDATE SET expires_at = excluded.expires_at;
                """, ("$queue", queue), ("$task", taskId), ("$expires", Expiry(_options.TaskNameReservation)));
            return TaskWriteResult.Done(deleted[0]);
        }, cancellationToken);

    public Task<long> PurgeAsync(string queue, DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        WriteAsync("Purging tasks", transaction =>
        {
            var before = TaskTime.ToMicros(createdBefore);
            Execute(transaction, """
                INSERT INTO task_tombstones (queue, task_id, expires_at)
                SELECT queue, task_id, $expires FROM tasks WHERE queue = $queue AND create_time < $before
                ON CONFLICT (queue, task_id) DO UPDATE SET expires_at = excluded.expires_at;
                """, ("$queue", queue), ("$before", before), ("$expires", Expiry(_options.TaskNameReservation)));
            return (long)Execute(transaction, "DELETE FROM tasks WHERE queue = $queue AND create_time < $before;", ("$queue", queue), ("$before", before));
        }, cancellationToken);

    public Task<long> DeleteQueueAsync(string queue, CancellationToken cancellationToken) =>
        WriteAsync("Deleting a queue's tasks", transaction =>
        {
            var deleted = Execute(transaction, "DELETE FROM tasks WHERE queue = $queue;", ("$queue", queue));
            Execute(transaction, "DELETE FROM task_tombstones WHERE queue = $queue;", ("$queue", queue));
            Execute(transaction, """
                INSERT INTO queue_tombstones (queue, expires_at) VALUES ($queue, $expires)
                ON CONFLICT (queue) DO UPDATE SET expires_at = excluded.expires_at;
                """, ("$queue", queue), ("$expires", Expiry(_options.QueueNameReservation)));
            return (long)deleted;
        }, cancellationToken);

    /// <summary>Finishes the writes already queued, then closes the connection; later calls fail. Idempotent.</summary>
    public void Dispose()
    {
        StopWriter();
        _gate.Wait();
        try
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
            _commands.Clear();
            _connection.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private TaskWriteResult Update(SqliteTransaction transaction, string queue, TaskUpdate update)
    {
        // Only what the write does not know comes back: reading the payload it has just written cost a copy per claim.
        var bytes = Blob(update.Payload);
        using var reader = Command(transaction,
            "UPDATE tasks SET schedule_time = $schedule, payload = $payload, version = version + 1 WHERE queue = $queue AND task_id = $task AND version = $version RETURNING create_time, version;",
            [("$queue", queue), ("$task", update.TaskId), ("$version", update.ExpectedVersion), ("$schedule", TaskTime.ToMicros(update.ScheduleTime)),
                ("$payload", bytes)]).ExecuteReader();
        if (!reader.Read())
        {
            reader.Close();
            return Missed(transaction, queue, update.TaskId);
        }
        return TaskWriteResult.Done(new StoredTask(queue, update.TaskId, TaskTime.Truncate(update.ScheduleTime), TaskTime.FromMicros(reader.GetInt64(0)),
            bytes, reader.GetInt64(1)));
    }

    /// <summary>Why an update or delete matched no row: no such task, or another version.</summary>
    private TaskWriteResult Missed(SqliteTransaction transaction, string queue, string taskId) =>
        TaskWriteResult.Refused(ReadTask(transaction, queue, taskId) is null ? TaskWriteStatus.NotFound : TaskWriteStatus.VersionMismatch);

    private bool Exists(SqliteTransaction transaction, string queue, string taskId) =>
        Scalar(transaction, "SELECT 1 FROM tasks WHERE queue = $queue AND task_id = $task;", ("$queue", queue), ("$task", taskId)) is not null;

    /// <summary>The payload as the array SQLite binds: the caller's own when it is one whole array (the codec's are), else a copy.</summary>
    private static byte[] Blob(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private StoredTask? ReadTask(SqliteTransaction? transaction, string queue, string taskId) =>
        ReadTasks(transaction, queue, $"SELECT {Columns} FROM tasks WHERE queue = $queue AND task_id = $task;", ("$queue", queue), ("$task", taskId)) is [var task] ? task : null;
}
