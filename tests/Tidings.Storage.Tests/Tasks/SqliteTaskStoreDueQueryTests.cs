using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SQLitePCL;
using Tidings.Storage.Sqlite;
using Tidings.Storage.Tasks;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Tasks;

/// <summary>
/// With tens of thousands of tasks, the dispatch-order query reads a range of its index and stops at the limit:
/// the plan searches the (queue, schedule time, task id) index without a sort, and SQLite's own counters show no
/// full-scan step, no sort, and a number of steps set by the limit, not the table.
/// </summary>
public sealed class SqliteTaskStoreDueQueryTests : IDisposable
{
    private const string Queue = "projects/p/locations/l/queues/q";
    private const int TasksPerQueue = 10_000;
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly SqliteTaskStore _store;
    private readonly SqliteConnection _inspector;
    private readonly Dictionary<string, long> _schedules = [];

    public SqliteTaskStoreDueQueryTests()
    {
        var path = Path.Combine(_directory.Path, "tasks.db");
        _store = new SqliteTaskStore(new SqliteStoreOptions(path), new TaskStoreOptions(), new FakeTimeProvider(Start));
        _inspector = new SqliteConnection($"Data Source={path};Pooling=False");
        _inspector.Open();
        Seed();
    }

    public void Dispose()
    {
        _inspector.Dispose();
        _store.Dispose();
        _directory.Dispose();
    }

    /// <summary>Rows written straight into the store's tables in one transaction: creating 20,000 tasks one fsync at a time would take minutes.</summary>
    private void Seed()
    {
        var random = new Random(11);
        using var transaction = _inspector.BeginTransaction();
        using var insert = _inspector.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO tasks (queue, task_id, schedule_time, create_time, version, payload) VALUES ($queue, $task, $schedule, 0, 1, x'00');";
        var queue = insert.Parameters.Add("$queue", SqliteType.Text);
        var task = insert.Parameters.Add("$task", SqliteType.Text);
        var schedule = insert.Parameters.Add("$schedule", SqliteType.Integer);
        foreach (var name in new[] { Queue, "projects/p/locations/l/queues/other" })
        {
            for (var i = 0; i < TasksPerQueue; i++)
            {
                var id = $"t{i:D5}";
                var micros = TaskTime.ToMicros(Start.AddSeconds(random.Next(0, 86_400)));
                (queue.Value, task.Value, schedule.Value) = (name, id, micros);
                insert.ExecuteNonQuery();
                if (name == Queue)
                {
                    _schedules[id] = micros;
                }
            }
        }
        transaction.Commit();
    }

    [Fact]
    public void DueQuery_Plan_SearchesTheScheduleIndexWithoutSorting()
    {
        using var explain = _inspector.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteTaskStore.DueQuery;
        explain.Parameters.AddWithValue("$queue", Queue);
        explain.Parameters.AddWithValue("$due", 0L);
        explain.Parameters.AddWithValue("$limit", 10);
        using var reader = explain.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        var detail = string.Join(" | ", plan);
        Assert.Contains("SEARCH tasks USING INDEX tasks_by_schedule (queue=? AND schedule_time<?)", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void DueQuery_TenOfTwentyThousand_StepsSetByTheLimitNotTheTable()
    {
        var dueBy = TaskTime.ToMicros(Start.AddHours(12));
        raw.sqlite3_prepare_v2(_inspector.Handle, SqliteTaskStore.DueQuery, out sqlite3_stmt statement);
        using (statement)
        {
            raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "$queue"), Queue);
            raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "$due"), dueBy);
            raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "$limit"), 10);
            var rows = 0;
            while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
            {
                rows++;
            }

            Assert.Equal(10, rows);
            Assert.Equal(0, raw.sqlite3_stmt_status(statement, raw.SQLITE_STMTSTATUS_FULLSCAN_STEP, 0));
            Assert.Equal(0, raw.sqlite3_stmt_status(statement, raw.SQLITE_STMTSTATUS_SORT, 0));
            var steps = raw.sqlite3_stmt_status(statement, raw.SQLITE_STMTSTATUS_VM_STEP, 0);
            Assert.True(steps < 500, $"{steps} virtual machine steps for 10 rows of {2 * TasksPerQueue}");
        }
    }

    [Fact]
    public void DueAfterQuery_TenFromTheMiddle_StepsSetByTheLimitNotTheTable()
    {
        raw.sqlite3_prepare_v2(_inspector.Handle, SqliteTaskStore.DueAfterQuery, out sqlite3_stmt statement);
        using (statement)
        {
            raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "$queue"), Queue);
            raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "$after"), TaskTime.ToMicros(Start.AddHours(12)));
            raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "$afterTask"), "");
            raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "$due"), TaskTime.ToMicros(Start.AddHours(13)));
            raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "$limit"), 10);
            var rows = 0;
            while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
            {
                rows++;
            }

            Assert.Equal(10, rows);
            Assert.Equal(0, raw.sqlite3_stmt_status(statement, raw.SQLITE_STMTSTATUS_FULLSCAN_STEP, 0));
            Assert.Equal(0, raw.sqlite3_stmt_status(statement, raw.SQLITE_STMTSTATUS_SORT, 0));
            var steps = raw.sqlite3_stmt_status(statement, raw.SQLITE_STMTSTATUS_VM_STEP, 0);
            Assert.True(steps < 500, $"{steps} virtual machine steps for 10 rows of {2 * TasksPerQueue}");
        }
    }

    [Fact]
    public async Task ListDue_TwentyThousandTasks_ReturnsTheEarliestDue()
    {
        var dueBy = Start.AddHours(12);

        var due = await _store.ListDueAsync(Queue, dueBy, 25, CancellationToken.None);

        var expected = _schedules.Where(entry => entry.Value <= TaskTime.ToMicros(dueBy))
            .OrderBy(entry => entry.Value).ThenBy(entry => entry.Key, StringComparer.Ordinal).Take(25).Select(entry => entry.Key);
        Assert.Equal(expected, due.Select(task => task.TaskId));
        Assert.Equal(TasksPerQueue, await _store.CountAsync(Queue, CancellationToken.None));
        Assert.Equal(_schedules[due[0].TaskId].ToString(CultureInfo.InvariantCulture),
            TaskTime.ToMicros(due[0].ScheduleTime).ToString(CultureInfo.InvariantCulture));
    }
}
