using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tidings.Storage.Postgres;
using Tidings.Storage.Postgres.Tasks;
using Tidings.Storage.Tasks;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>
/// With tens of thousands of tasks, the dispatch-order queries read a range of the (queue, schedule time, task id)
/// index and stop at their limit: PostgreSQL's own plan (EXPLAIN ANALYZE) shows an index scan of
/// <c>tidings_tasks_by_schedule</c> that produced only the rows asked for, with no sort and no sequential scan. A
/// dispatcher's claim of 100 tasks (UpdateMany) looks each up by its primary key.
/// </summary>
public sealed class PostgresTaskStoreQueryPlanTests : IDisposable
{
    private const string Queue = "projects/p/locations/l/queues/q";
    private const string OtherQueue = "projects/p/locations/l/queues/other";
    private const int TasksPerQueue = 10_000;
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestPostgres _database = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresTaskStore _store;
    private readonly Dictionary<string, DateTimeOffset> _schedules = [];

    public PostgresTaskStoreQueryPlanTests()
    {
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        PostgresSchema.Migrate(_dataSource);
        _store = new PostgresTaskStore(_dataSource, new TaskStoreOptions(), new FakeTimeProvider(Start));
        Seed();
    }

    public void Dispose()
    {
        _store.Dispose();
        _dataSource.Dispose();
        _database.Dispose();
    }

    /// <summary>Rows written straight into the table in one statement (creating 20,000 tasks one call at a time takes long), then ANALYZE, as autovacuum would.</summary>
    private void Seed()
    {
        var random = new Random(11);
        var queues = new List<string>();
        var ids = new List<string>();
        var times = new List<DateTime>();
        foreach (var name in new[] { Queue, OtherQueue })
        {
            for (var i = 0; i < TasksPerQueue; i++)
            {
                var id = $"t{i:D5}";
                var schedule = Start.AddSeconds(random.Next(0, 86_400));
                queues.Add(name);
                ids.Add(id);
                times.Add(schedule.UtcDateTime);
                if (name == Queue)
                {
                    _schedules[id] = schedule;
                }
            }
        }
        using var insert = _dataSource.CreateCommand("""
            INSERT INTO tidings_tasks (queue, task_id, schedule_time, create_time, version, payload)
            SELECT queue, task_id, schedule_time, schedule_time, 1, '\x00'::bytea FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(queue, task_id, schedule_time)
            """);
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. queues] });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ids] });
        insert.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. times] });
        insert.ExecuteNonQuery();
        using var analyze = _dataSource.CreateCommand("ANALYZE tidings_tasks");
        analyze.ExecuteNonQuery();
    }

    /// <summary>The plan PostgreSQL ran for <paramref name="sql"/>, as the root node of EXPLAIN (ANALYZE, FORMAT JSON).</summary>
    private JsonElement Explain(string sql, params object[] values)
    {
        using var command = _dataSource.CreateCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        using var document = JsonDocument.Parse((string)command.ExecuteScalar()!);
        return document.RootElement[0].GetProperty("Plan").Clone();
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement plan) =>
        plan.TryGetProperty("Plans", out var children) ? children.EnumerateArray().SelectMany(Nodes).Prepend(plan) : [plan];

    /// <summary>The index a scan reads: its own, or for a bitmap heap scan the one its bitmap came from.</summary>
    private static string? IndexRead(JsonElement scan) =>
        scan.TryGetProperty("Index Name", out var index) ? index.GetString()
            : Nodes(scan).Skip(1).Select(child => child.TryGetProperty("Index Name", out var inner) ? inner.GetString() : null).SingleOrDefault(name => name is not null);

    private static void AssertIndexRangeStoppedAtTheLimit(JsonElement plan, int limit)
    {
        var nodes = Nodes(plan).ToList();
        var scan = Assert.Single(nodes, node => node.GetProperty("Node Type").GetString() is "Index Scan");
        Assert.Equal("tidings_tasks_by_schedule", scan.GetProperty("Index Name").GetString());
        Assert.Equal(limit, scan.GetProperty("Actual Rows").GetInt64());
        Assert.DoesNotContain(nodes, node => node.GetProperty("Node Type").GetString() is "Sort" or "Seq Scan" or "Bitmap Heap Scan");
    }

    [Fact]
    public void DueQuery_TenOfTwentyThousand_ReadsTheScheduleIndexUpToTheLimitWithoutSorting()
    {
        var plan = Explain(PostgresTaskSql.Due, Queue, Start.AddHours(12).UtcDateTime, 10L);

        AssertIndexRangeStoppedAtTheLimit(plan, 10);
    }

    [Fact]
    public void DueAfterQuery_TenFromTheMiddle_ReadsTheScheduleIndexUpToTheLimitWithoutSorting()
    {
        var plan = Explain(PostgresTaskSql.DueAfter, Queue, Start.AddHours(12).UtcDateTime, "", Start.AddHours(13).UtcDateTime, 10L);

        AssertIndexRangeStoppedAtTheLimit(plan, 10);
    }

    [Fact]
    public void UpdateMany_HundredOfTwentyThousand_OnePrimaryKeyLookupPerTaskNoScan()
    {
        var ids = _schedules.Keys.Order(StringComparer.Ordinal).Take(100).ToArray();

        var plan = Explain(PostgresTaskSql.UpdateMany, Queue, ids, ids.Select(_ => 1L).ToArray(), ids.Select(_ => Start.UtcDateTime).ToArray(),
            ids.Select(_ => new byte[] { 1 }).ToArray());

        // Every read of the tasks goes through the primary key and reads no more rows than the update changes; the
        // lookup of refused updates' tasks reads none, every update having matched.
        var nodes = Nodes(plan).ToList();
        Assert.DoesNotContain(nodes, node => node.GetProperty("Node Type").GetString() is "Seq Scan");
        var reads = nodes.Where(node => node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "tidings_tasks"
            && node.GetProperty("Node Type").GetString() is not "ModifyTable").ToList();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, read => Assert.Equal("tidings_tasks_pkey", IndexRead(read)));
        Assert.Equal([100L, 0L], reads.Select(read => read.GetProperty("Actual Rows").GetInt64() * read.GetProperty("Actual Loops").GetInt64()));
    }

    [Fact]
    public void UpdateMany_HundredStale_RefusedTasksLookedUpByPrimaryKey()
    {
        var ids = _schedules.Keys.Order(StringComparer.Ordinal).Take(100).ToArray();

        var plan = Explain(PostgresTaskSql.UpdateMany, Queue, ids, ids.Select(_ => 7L).ToArray(), ids.Select(_ => Start.UtcDateTime).ToArray(),
            ids.Select(_ => new byte[] { 1 }).ToArray());

        var nodes = Nodes(plan).ToList();
        Assert.DoesNotContain(nodes, node => node.GetProperty("Node Type").GetString() is "Seq Scan");
        var reads = nodes.Where(node => node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "tidings_tasks"
            && node.GetProperty("Node Type").GetString() is not "ModifyTable").ToList();
        Assert.All(reads, read => Assert.Equal("tidings_tasks_pkey", IndexRead(read)));
        Assert.Equal([100L, 100L], reads.Select(read => read.GetProperty("Actual Rows").GetInt64() * read.GetProperty("Actual Loops").GetInt64()));
    }

    /// <summary>
    /// 80,000 more tasks in a third queue, and ANALYZE: below a few tens of thousands of tasks PostgreSQL may rather
    /// read the table once for a batch of creates or deletes, which costs as little then.
    /// </summary>
    private void AddHundredThousandTasksMore()
    {
        using var more = _dataSource.CreateCommand("""
            INSERT INTO tidings_tasks (queue, task_id, schedule_time, create_time, version, payload)
            SELECT 'projects/p/locations/l/queues/more', 'm' || i, now(), now(), 1, '\x00'::bytea FROM generate_series(1, 80000) AS g(i);
            ANALYZE tidings_tasks;
            """);
        more.ExecuteNonQuery();
    }

    /// <summary>Every read of <c>tidings_tasks</c> (other than the write itself) is a primary key lookup per input row; no scan.</summary>
    private static void AssertOneKeyLookupPerInput(JsonElement plan, int inputs)
    {
        var reads = Nodes(plan).Where(node => node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "tidings_tasks"
            && node.GetProperty("Node Type").GetString() is not "ModifyTable").ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, read => Assert.Equal("tidings_tasks_pkey", IndexRead(read)));
        Assert.All(reads, read => Assert.Equal(inputs, read.GetProperty("Actual Loops").GetInt64()));
    }

    [Fact]
    public void CreateMany_HundredAmongHundredThousand_OnePrimaryKeyLookupPerTaskNoScan()
    {
        AddHundredThousandTasksMore();
        // Half new, half taken, in both queues: a batch of creates as API calls in flight at once bring them.
        var ids = Enumerable.Range(0, 50).Select(i => $"new{i:D2}").Concat(_schedules.Keys.Order(StringComparer.Ordinal).Take(50)).ToArray();
        var queues = ids.Select((_, i) => i % 2 == 0 ? Queue : OtherQueue).ToArray();

        var plan = Explain(PostgresTaskSql.CreateMany, queues, ids, ids.Select(_ => Start.UtcDateTime).ToArray(), ids.Select(_ => Start.UtcDateTime).ToArray(),
            ids.Select(_ => new byte[] { 1 }).ToArray(), Start.UtcDateTime);

        AssertOneKeyLookupPerInput(plan, 100);
    }

    [Fact]
    public void DeleteMany_HundredOfHundredThousand_OnePrimaryKeyLookupPerTaskNoScan()
    {
        AddHundredThousandTasksMore();
        var ids = _schedules.Keys.Order(StringComparer.Ordinal).Take(100).ToArray();

        var plan = Explain(PostgresTaskSql.DeleteMany, ids.Select(_ => Queue).ToArray(), ids, ids.Select(_ => (long?)1).ToArray(),
            Start.AddHours(1).UtcDateTime);

        AssertOneKeyLookupPerInput(plan, 100);
    }

    [Fact]
    public async Task ListDue_TwentyThousandTasks_ReturnsTheEarliestDue()
    {
        var dueBy = Start.AddHours(12);

        var due = await _store.ListDueAsync(Queue, dueBy, 25, CancellationToken.None);

        var expected = _schedules.Where(entry => entry.Value <= dueBy)
            .OrderBy(entry => entry.Value).ThenBy(entry => entry.Key, StringComparer.Ordinal).Take(25).Select(entry => entry.Key);
        Assert.Equal(expected, due.Select(task => task.TaskId));
        Assert.Equal(TasksPerQueue, await _store.CountAsync(Queue, CancellationToken.None));
        Assert.Equal(_schedules[due[0].TaskId], due[0].ScheduleTime);
    }

    [Fact]
    public async Task ListDueAfter_WalkingTheWholeDueRangeInPages_EveryDueTaskOnceInOrder()
    {
        var dueBy = Start.AddHours(6);
        var walked = new List<StoredTask>();
        var (afterTime, afterId) = (DateTimeOffset.UnixEpoch, "");
        while (await _store.ListDueAfterAsync(Queue, afterTime, afterId, dueBy, 500, CancellationToken.None) is { Count: > 0 } page)
        {
            walked.AddRange(page);
            (afterTime, afterId) = (page[^1].ScheduleTime, page[^1].TaskId);
        }

        var expected = _schedules.Where(entry => entry.Value <= dueBy)
            .OrderBy(entry => entry.Value).ThenBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => entry.Key);
        Assert.Equal(expected, walked.Select(task => task.TaskId));
    }
}
