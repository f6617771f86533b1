using Npgsql;
using NpgsqlTypes;
using Tidings.Storage.Tasks;

namespace Tidings.Storage.Postgres.Tasks;

/// <summary>
/// Cloud Tasks' tasks in PostgreSQL (<c>Migrations/0002_tasks.sql</c>): <c>tidings_tasks</c> keyed by (queue, task
/// id) with an index on (queue, schedule time, task id) for dispatch order, and two tombstone tables. Every call is
/// one statement, so one round trip and one transaction (<see cref="PostgresTaskSql"/>); <see cref="UpdateManyAsync"/>
/// too, over arrays. Creates and deletes that come together (API calls in flight at once, a dispatcher's finished
/// attempts) share one statement over arrays (<see cref="TaskWriteBatcher{TWrite,TResult}"/>). Each statement is
/// prepared on a pooled connection the first time it runs there, so PostgreSQL plans it once per connection rather
/// than at every call (a quarter to a third of its CPU per task: docs/cluster.md, "Measured"). Several nodes may share
/// the database (the tasks leader writes, the others read), so nothing is cached: every call reads the tables.
/// Tombstones expire by the injected clock, passed to each statement rather than PostgreSQL's <c>now()</c>.
/// </summary>
/// <remarks>
/// Thread-safe: each call takes a connection from the data source's pool; concurrent creates and deletes are grouped
/// here, other concurrent writes are PostgreSQL's to order. The data source belongs to the caller; disposing the store
/// does not dispose it. Calls already running when the store is disposed finish; later ones throw
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed partial class PostgresTaskStore : ITaskStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TaskStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly TaskWriteBatcher<NewTask, TaskWriteResult> _creates;
    private readonly TaskWriteBatcher<TaskDeletion, TaskWriteResult> _deletes;
    private volatile bool _disposed;

    /// <param name="dataSource">A data source on a database migrated by <see cref="PostgresSchema.Migrate"/>.</param>
    /// <param name="options">How long deleted names stay reserved.</param>
    /// <param name="time">The clock tombstones are written and judged by.</param>
    public PostgresTaskStore(NpgsqlDataSource dataSource, TaskStoreOptions options, TimeProvider time)
    {
        _dataSource = dataSource;
        _options = options;
        _time = time;
        _creates = new TaskWriteBatcher<NewTask, TaskWriteResult>(CreateManyAsync, CreateOneAsync, task => new TaskKey(task.Queue, task.TaskId),
            task => task.Payload.Length, MaxWritesPerStatement, MaxBytesPerStatement);
        _deletes = new TaskWriteBatcher<TaskDeletion, TaskWriteResult>(DeleteManyAsync, DeleteOneAsync,
            deletion => new TaskKey(deletion.Queue, deletion.TaskId), _ => 0, MaxWritesPerStatement, MaxBytesPerStatement);
    }

    public Task<TaskWriteResult> CreateAsync(string queue, string taskId, DateTimeOffset scheduleTime, DateTimeOffset createTime,
        ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _creates.WriteAsync(new NewTask(queue, taskId, scheduleTime, createTime, Bytea.Of(payload)), cancellationToken);
    }

    public async Task<StoredTask?> GetAsync(string queue, string taskId, CancellationToken cancellationToken) =>
        (await ReadTasksAsync("Reading a task", queue, PostgresTaskSql.Get, [Text(queue), Text(taskId)], cancellationToken)
            .ConfigureAwait(false)) is [var task] ? task : null;

    public async Task<IReadOnlyList<StoredTask>> ListDueAsync(string queue, DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await ReadTasksAsync("Reading due tasks", queue, PostgresTaskSql.Due, [Text(queue), Time(dueBy), Integer(limit)], cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredTask>> ListDueAfterAsync(string queue, DateTimeOffset afterScheduleTime, string afterTaskId,
        DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await ReadTasksAsync("Reading due tasks", queue, PostgresTaskSql.DueAfter,
            [Text(queue), Time(afterScheduleTime), Text(afterTaskId), Time(dueBy), Integer(limit)], cancellationToken).ConfigureAwait(false);
    }

    public async Task<TaskPage> ListAsync(string queue, int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var after = TaskPageToken.Parse(pageToken);
        var page = await ReadTasksAsync("Listing tasks", queue, PostgresTaskSql.Page, [Text(queue), Text(after), Integer(pageSize + 1L)],
            cancellationToken).ConfigureAwait(false);
        var next = page.Count > pageSize ? TaskPageToken.After(page[pageSize - 1].TaskId) : "";
        return new TaskPage(page[..Math.Min(pageSize, page.Count)], next);
    }

    public Task<long> CountAsync(string queue, CancellationToken cancellationToken) =>
        QuerySingleAsync("Counting tasks", PostgresTaskSql.Count, [Text(queue)], row => row.GetInt64(0), cancellationToken);

    public async Task<TaskWriteResult> UpdateAsync(string queue, string taskId, long expectedVersion, DateTimeOffset scheduleTime,
        ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        (await UpdateManyAsync(queue, [new TaskUpdate(taskId, expectedVersion, scheduleTime, payload)], cancellationToken).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<TaskWriteResult>> UpdateManyAsync(string queue, IReadOnlyList<TaskUpdate> updates,
        CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return [];
        }
        var payloads = updates.Select(update => Bytea.Of(update.Payload)).ToArray();
        var rows = await QueryAsync("Updating tasks", PostgresTaskSql.UpdateMany,
            [
                Text(queue),
                Array(updates.Select(update => update.TaskId).ToArray(), NpgsqlDbType.Text),
                Array(updates.Select(update => update.ExpectedVersion).ToArray(), NpgsqlDbType.Bigint),
                Array(updates.Select(update => TaskTime.Truncate(update.ScheduleTime).UtcDateTime).ToArray(), NpgsqlDbType.TimestampTz),
                Array(payloads, NpgsqlDbType.Bytea),
            ],
            row => (Updated: !row.IsDBNull(0), CreateTime: row.IsDBNull(0) ? default : ReadTime(row, 0), Version: row.IsDBNull(1) ? 0 : row.GetInt64(1),
                MissedExisting: row.GetBoolean(2)),
            cancellationToken).ConfigureAwait(false);
        var results = new TaskWriteResult[updates.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var row = rows[i];
            results[i] = row.Updated
                ? TaskWriteResult.Done(new StoredTask(queue, updates[i].TaskId, TaskTime.Truncate(updates[i].ScheduleTime), row.CreateTime, payloads[i], row.Version))
                : Missed(row.MissedExisting);
        }
        return results;
    }

    public Task<TaskWriteResult> DeleteAsync(string queue, string taskId, long? expectedVersion, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _deletes.WriteAsync(new TaskDeletion(queue, taskId, expectedVersion), cancellationToken);
    }

    public Task<long> PurgeAsync(string queue, DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        QuerySingleAsync("Purging tasks", PostgresTaskSql.Purge,
            [Text(queue), Time(createdBefore), Time(_time.GetUtcNow() + _options.TaskNameReservation)], row => row.GetInt64(0), cancellationToken);

    public Task<long> DeleteQueueAsync(string queue, CancellationToken cancellationToken) =>
        QuerySingleAsync("Deleting a queue's tasks", PostgresTaskSql.DeleteQueue,
            [Text(queue), Time(_time.GetUtcNow() + _options.QueueNameReservation)], row => row.GetInt64(0), cancellationToken);

    /// <summary>
    /// Later calls throw <see cref="ObjectDisposedException"/>; creates and deletes already queued are written first. The
    /// data source stays open.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        Task.WaitAll(_creates.CompleteAsync(), _deletes.CompleteAsync());
    }

    /// <summary>Why an update or delete matched no row: no such task, or another version.</summary>
    private static TaskWriteResult Missed(bool existed) =>
        TaskWriteResult.Refused(existed ? TaskWriteStatus.VersionMismatch : TaskWriteStatus.NotFound);
}
