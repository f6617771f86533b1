namespace Tidings.Storage.Postgres.Tasks;

/// <summary>
/// The statements of <see cref="PostgresTaskStore"/>, each one round trip and, being one statement, one transaction.
/// Writes that must also say why they did nothing (a name taken, a version moved on) do their work in data-modifying
/// <c>WITH</c> clauses and read the table beside it: every part of a statement sees the snapshot taken at its start,
/// so <c>EXISTS (SELECT … FROM tidings_tasks …)</c> tells whether the task was there before the write.
/// </summary>
internal static class PostgresTaskSql
{
    /// <summary>The task columns, in the order <see cref="PostgresTaskStore"/> reads them.</summary>
    private const string Columns = "task_id, schedule_time, create_time, version, payload";

    /// <summary>($1 queue, $2 task id, $3 schedule, $4 create, $5 payload, $6 now) → (inserted, reserved, existed).</summary>
    /// <remarks>
    /// An expired tombstone of the name is deleted in the same statement. A task inserted by a concurrent create of
    /// the same name (committed after this statement's snapshot) makes <c>ON CONFLICT DO NOTHING</c> skip the row
    /// with <c>existed</c> still false: the store reads any refusal that is not a reservation as "already exists".
    /// </remarks>
    public const string Create = """
        WITH reserved AS (
            SELECT 1 FROM tidings_task_tombstones WHERE queue = $1 AND task_id = $2 AND expires_at > $6
        ), cleared AS (
            DELETE FROM tidings_task_tombstones WHERE queue = $1 AND task_id = $2 AND expires_at <= $6
        ), inserted AS (
            INSERT INTO tidings_tasks (queue, task_id, schedule_time, create_time, version, payload)
            SELECT $1, $2, $3, $4, 1, $5 WHERE NOT EXISTS (SELECT 1 FROM reserved)
            ON CONFLICT (queue, task_id) DO NOTHING
            RETURNING 1
        )
        SELECT EXISTS (SELECT 1 FROM inserted), EXISTS (SELECT 1 FROM reserved),
               EXISTS (SELECT 1 FROM tidings_tasks WHERE queue = $1 AND task_id = $2)
        """;

    /// <summary>
    /// As <see cref="Create"/> for several tasks, of any queues, at once: ($1 queues, $2 task ids, $3 schedules, $4
    /// create times, $5 payloads, $6 now) → per input, in its order, (inserted, reserved, existed). The inputs name
    /// distinct tasks.
    /// </summary>
    /// <remarks>
    /// Every read of the tables is a lookup by primary key per input row (a nested loop over <c>input</c>) once the
    /// table holds more than a few tens of thousands of tasks (<c>PostgresTaskStoreQueryPlanTests</c> checks the plan
    /// at 100,000); below that PostgreSQL may prefer one pass over the table, which is then as cheap.
    /// </remarks>
    public const string CreateMany = """
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::bytea[])
                WITH ORDINALITY AS u(queue, task_id, schedule_time, create_time, payload, position)
        ), reserved AS (
            SELECT b.queue, b.task_id FROM input i
            JOIN tidings_task_tombstones b ON b.queue = i.queue AND b.task_id = i.task_id
            WHERE b.expires_at > $6
        ), cleared AS (
            DELETE FROM tidings_task_tombstones b USING input i
            WHERE b.queue = i.queue AND b.task_id = i.task_id AND b.expires_at <= $6
        ), inserted AS (
            INSERT INTO tidings_tasks (queue, task_id, schedule_time, create_time, version, payload)
            SELECT i.queue, i.task_id, i.schedule_time, i.create_time, 1, i.payload FROM input i
            WHERE NOT EXISTS (SELECT 1 FROM reserved r WHERE r.queue = i.queue AND r.task_id = i.task_id)
            ON CONFLICT (queue, task_id) DO NOTHING
            RETURNING queue, task_id
        ), existed AS (
            SELECT t.queue, t.task_id FROM input i JOIN tidings_tasks t ON t.queue = i.queue AND t.task_id = i.task_id
        )
        SELECT EXISTS (SELECT 1 FROM inserted n WHERE n.queue = i.queue AND n.task_id = i.task_id),
               EXISTS (SELECT 1 FROM reserved r WHERE r.queue = i.queue AND r.task_id = i.task_id),
               EXISTS (SELECT 1 FROM existed e WHERE e.queue = i.queue AND e.task_id = i.task_id)
        FROM input i ORDER BY i.position
        """;

    /// <summary>($1 queue, $2 task id) → the task's columns.</summary>
    public const string Get = $"SELECT {Columns} FROM tidings_tasks WHERE queue = $1 AND task_id = $2";

    /// <summary>($1 queue, $2 due by, $3 limit): a range of <c>tidings_tasks_by_schedule</c>, in its order, no sort.</summary>
    public const string Due = $"""
        SELECT {Columns} FROM tidings_tasks
        WHERE queue = $1 AND schedule_time <= $2
        ORDER BY schedule_time, task_id LIMIT $3
        """;

    /// <summary>($1 queue, $2 after time, $3 after task id, $4 due by, $5 limit): the same range, started past a row value.</summary>
    public const string DueAfter = $"""
        SELECT {Columns} FROM tidings_tasks
        WHERE queue = $1 AND (schedule_time, task_id) > ($2, $3) AND schedule_time <= $4
        ORDER BY schedule_time, task_id LIMIT $5
        """;

    /// <summary>($1 queue, $2 after task id, $3 limit): a range of the primary key.</summary>
    public const string Page = $"SELECT {Columns} FROM tidings_tasks WHERE queue = $1 AND task_id > $2 ORDER BY task_id LIMIT $3";

    /// <summary>($1 queue) → the count.</summary>
    public const string Count = "SELECT count(*) FROM tidings_tasks WHERE queue = $1";

    /// <summary>
    /// ($1 queue, $2 task ids, $3 expected versions, $4 schedule times, $5 payloads) → per input, in its order:
    /// (create time, version) of the updated task or nulls, and whether a task not updated exists (a version moved
    /// on) or not (no such task).
    /// </summary>
    /// <remarks>
    /// Every read of the tasks goes through the primary key with <c>task_id = ANY (…)</c>: joined with <c>input</c>
    /// alone, the planner preferred a sequential scan of the queue (seen at 10,000 tasks), and a correlated
    /// <c>EXISTS</c> became a hashed scan of the whole table. <c>missed</c> looks up only the ids that were not
    /// updated, usually none. Conditional on the version row by row: under READ COMMITTED an update that finds its
    /// row changed by a concurrent one waits for it and checks <c>version</c> again on the new row, so two claimers
    /// never both win.
    /// </remarks>
    public const string UpdateMany = """
        WITH input AS (
            SELECT * FROM unnest($2::text[], $3::bigint[], $4::timestamptz[], $5::bytea[])
                WITH ORDINALITY AS u(task_id, expected_version, schedule_time, payload, position)
        ), updated AS (
            UPDATE tidings_tasks t
            SET schedule_time = i.schedule_time, payload = i.payload, version = t.version + 1
            FROM input i
            WHERE t.queue = $1 AND t.task_id = ANY ($2::text[]) AND t.task_id = i.task_id AND t.version = i.expected_version
            RETURNING t.task_id, t.create_time, t.version
        ), missed AS (
            SELECT t.task_id FROM tidings_tasks t
            WHERE t.queue = $1 AND t.task_id = ANY (ARRAY (
                SELECT i.task_id FROM input i WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.task_id = i.task_id)))
        )
        SELECT u.create_time, u.version, m.task_id IS NOT NULL
        FROM input i LEFT JOIN updated u ON u.task_id = i.task_id LEFT JOIN missed m ON m.task_id = i.task_id
        ORDER BY i.position
        """;

    /// <summary>
    /// ($1 queue, $2 task id, $3 expected version or null, $4 tombstone expiry) → the deleted task's columns (nulls
    /// when none was) and whether the task existed. The tombstone is written in the same statement.
    /// </summary>
    public const string Delete = $"""
        WITH deleted AS (
            DELETE FROM tidings_tasks WHERE queue = $1 AND task_id = $2 AND ($3::bigint IS NULL OR version = $3)
            RETURNING {Columns}
        ), reserved AS (
            INSERT INTO tidings_task_tombstones (queue, task_id, expires_at) SELECT $1, task_id, $4 FROM deleted
            ON CONFLICT (queue, task_id) DO UPDATE SET expires_at = excluded.expires_at
        )
        SELECT d.task_id, d.schedule_time, d.create_time, d.version, d.payload,
               EXISTS (SELECT 1 FROM tidings_tasks WHERE queue = $1 AND task_id = $2)
        FROM (VALUES (1)) AS one (x) LEFT JOIN deleted d ON true
        """;

    /// <summary>
    /// As <see cref="Delete"/> for several tasks, of any queues, at once: ($1 queues, $2 task ids, $3 expected versions,
    /// null where any will do, $4 tombstone expiry) → per input, in its order, the deleted task's columns (nulls when
    /// none was) and whether the task existed. The inputs name distinct tasks.
    /// </summary>
    /// <remarks>
    /// PostgreSQL looks each input up by primary key once the table holds more than a few tens of thousands of tasks;
    /// below that it may prefer one pass over the table, which is then as cheap.
    /// </remarks>
    public const string DeleteMany = """
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS u(queue, task_id, expected_version, position)
        ), deleted AS (
            DELETE FROM tidings_tasks t USING input i
            WHERE t.queue = i.queue AND t.task_id = i.task_id AND (i.expected_version IS NULL OR t.version = i.expected_version)
            RETURNING t.queue, t.task_id, t.schedule_time, t.create_time, t.version, t.payload
        ), reserved AS (
            INSERT INTO tidings_task_tombstones (queue, task_id, expires_at) SELECT queue, task_id, $4 FROM deleted
            ON CONFLICT (queue, task_id) DO UPDATE SET expires_at = excluded.expires_at
        )
        SELECT d.task_id, d.schedule_time, d.create_time, d.version, d.payload,
               EXISTS (SELECT 1 FROM tidings_tasks t WHERE t.queue = i.queue AND t.task_id = i.task_id)
        FROM input i LEFT JOIN deleted d ON d.queue = i.queue AND d.task_id = i.task_id
        ORDER BY i.position
        """;

    /// <summary>($1 queue, $2 created before, $3 tombstone expiry) → how many went; their tombstones in the same statement.</summary>
    public const string Purge = """
        WITH purged AS (
            DELETE FROM tidings_tasks WHERE queue = $1 AND create_time < $2 RETURNING task_id
        ), reserved AS (
            INSERT INTO tidings_task_tombstones (queue, task_id, expires_at) SELECT $1, task_id, $3 FROM purged
            ON CONFLICT (queue, task_id) DO UPDATE SET expires_at = excluded.expires_at
        )
        SELECT count(*) FROM purged
        """;

    /// <summary>($1 queue, $2 queue tombstone expiry) → how many tasks went, with the queue's task tombstones.</summary>
    public const string DeleteQueue = """
        WITH deleted AS (
            DELETE FROM tidings_tasks WHERE queue = $1 RETURNING 1
        ), cleared AS (
            DELETE FROM tidings_task_tombstones WHERE queue = $1
        ), reserved AS (
            INSERT INTO tidings_queue_tombstones (queue, expires_at) VALUES ($1, $2)
            ON CONFLICT (queue) DO UPDATE SET expires_at = excluded.expires_at
        )
        SELECT count(*) FROM deleted
        """;

    /// <summary>($1 queue, $2 task id, $3 now) → whether a live tombstone reserves the name.</summary>
    public const string TaskNameReserved =
        "SELECT EXISTS (SELECT 1 FROM tidings_task_tombstones WHERE queue = $1 AND task_id = $2 AND expires_at > $3)";

    /// <summary>($1 queue, $2 now) → whether a live tombstone reserves the queue's name.</summary>
    public const string QueueNameReserved = "SELECT EXISTS (SELECT 1 FROM tidings_queue_tombstones WHERE queue = $1 AND expires_at > $2)";

    /// <summary>($1 now, $2 limit) → how many expired tombstones went, oldest first across both tables.</summary>
    /// <remarks>Expiry is checked again at the delete: a tombstone renewed meanwhile (by another node) stays.</remarks>
    public const string RemoveExpiredTombstones = """
        WITH expired AS (
            SELECT queue, task_id FROM (
                (SELECT queue, task_id, expires_at FROM tidings_task_tombstones WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2)
                UNION ALL
                (SELECT queue, NULL, expires_at FROM tidings_queue_tombstones WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2)
            ) AS both_kinds
            ORDER BY expires_at LIMIT $2
        ), tasks AS (
            DELETE FROM tidings_task_tombstones t USING expired e
            WHERE e.task_id IS NOT NULL AND t.queue = e.queue AND t.task_id = e.task_id AND t.expires_at <= $1
            RETURNING 1
        ), queues AS (
            DELETE FROM tidings_queue_tombstones q USING expired e
            WHERE e.task_id IS NULL AND q.queue = e.queue AND q.expires_at <= $1
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM tasks) + (SELECT count(*) FROM queues)
        """;
}
