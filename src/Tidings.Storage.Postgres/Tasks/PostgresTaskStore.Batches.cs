using Npgsql;
using NpgsqlTypes;
using Tidings.Storage.Tasks;

namespace Tidings.Storage.Postgres.Tasks;

/// <summary>Creates and deletes, each run alone or many as one statement (<see cref="TaskWriteBatcher{TWrite,TResult}"/>).</summary>
public sealed partial class PostgresTaskStore
{
    /// <summary>At most this many creates, or deletes, share a statement.</summary>
    private const int MaxWritesPerStatement = 500;

    /// <summary>A statement takes no more creates once their payloads reach this size (a task may be up to 1 MiB).</summary>
    private const long MaxBytesPerStatement = 8L << 20;

    private async Task<TaskWriteResult> CreateOneAsync(NewTask task)
    {
        var (inserted, reserved, existed) = (await ExecuteAsync("Creating a task", PostgresTaskSql.Create,
            [Text(task.Queue), Text(task.TaskId), Time(task.ScheduleTime), Time(task.CreateTime), Payload(task.Payload), Time(_time.GetUtcNow())],
            ReadCreated, CancellationToken.None).ConfigureAwait(false))[0];
        return Created(task, inserted, reserved, existed);
    }

    private async Task<IReadOnlyList<TaskWriteResult>> CreateManyAsync(IReadOnlyList<NewTask> tasks)
    {
        var rows = await ExecuteAsync("Creating tasks", PostgresTaskSql.CreateMany,
            [
                Array(tasks.Select(task => task.Queue).ToArray(), NpgsqlDbType.Text),
                Array(tasks.Select(task => task.TaskId).ToArray(), NpgsqlDbType.Text),
                Array(tasks.Select(task => TaskTime.Truncate(task.ScheduleTime).UtcDateTime).ToArray(), NpgsqlDbType.TimestampTz),
                Array(tasks.Select(task => TaskTime.Truncate(task.CreateTime).UtcDateTime).ToArray(), NpgsqlDbType.TimestampTz),
                Array(tasks.Select(task => task.Payload).ToArray(), NpgsqlDbType.Bytea),
                Time(_time.GetUtcNow()),
            ],
            ReadCreated, CancellationToken.None).ConfigureAwait(false);
        return tasks.Select((task, i) => Created(task, rows[i].Inserted, rows[i].Reserved, rows[i].Existed)).ToArray();
    }

    private static (bool Inserted, bool Reserved, bool Existed) ReadCreated(NpgsqlDataReader row) =>
        (row.GetBoolean(0), row.GetBoolean(1), row.GetBoolean(2));

    private static TaskWriteResult Created(NewTask task, bool inserted, bool reserved, bool existed) => inserted
        ? TaskWriteResult.Done(new StoredTask(task.Queue, task.TaskId, TaskTime.Truncate(task.ScheduleTime), TaskTime.Truncate(task.CreateTime), task.Payload, 1))
        : TaskWriteResult.Refused(reserved && !existed ? TaskWriteStatus.NameReserved : TaskWriteStatus.AlreadyExists);

    private async Task<TaskWriteResult> DeleteOneAsync(TaskDeletion deletion)
    {
        var version = new NpgsqlParameter<long?> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = deletion.ExpectedVersion };
        var (deleted, existed) = (await ExecuteAsync("Deleting a task", PostgresTaskSql.Delete,
            [Text(deletion.Queue), Text(deletion.TaskId), version, Time(_time.GetUtcNow() + _options.TaskNameReservation)],
            row => (row.IsDBNull(0) ? null : ReadTask(row, deletion.Queue), row.GetBoolean(5)), CancellationToken.None).ConfigureAwait(false))[0];
        return deleted is null ? Missed(existed) : TaskWriteResult.Done(deleted);
    }

    private async Task<IReadOnlyList<TaskWriteResult>> DeleteManyAsync(IReadOnlyList<TaskDeletion> deletions)
    {
        var rows = await ExecuteAsync("Deleting tasks", PostgresTaskSql.DeleteMany,
            [
                Array(deletions.Select(deletion => deletion.Queue).ToArray(), NpgsqlDbType.Text),
                Array(deletions.Select(deletion => deletion.TaskId).ToArray(), NpgsqlDbType.Text),
                Array(deletions.Select(deletion => deletion.ExpectedVersion).ToArray(), NpgsqlDbType.Bigint),
                Time(_time.GetUtcNow() + _options.TaskNameReservation),
            ],
            row => (Task: row.IsDBNull(0) ? (StoredTask?)null : ReadTask(row, ""), Existed: row.GetBoolean(5)),
            CancellationToken.None).ConfigureAwait(false);
        return deletions.Select((deletion, i) => rows[i].Task is { } task
            ? TaskWriteResult.Done(task with { Queue = deletion.Queue })
            : Missed(rows[i].Existed)).ToArray();
    }

    /// <summary>A create, as queued for its statement.</summary>
    private sealed record NewTask(string Queue, string TaskId, DateTimeOffset ScheduleTime, DateTimeOffset CreateTime, byte[] Payload);

    /// <summary>A delete, as queued for its statement; no <see cref="ExpectedVersion"/> deletes whatever version there is.</summary>
    private sealed record TaskDeletion(string Queue, string TaskId, long? ExpectedVersion);
}
