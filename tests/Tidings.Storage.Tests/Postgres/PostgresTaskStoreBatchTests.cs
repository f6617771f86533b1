using System.Text;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tidings.Storage.Messages;
using Tidings.Storage.Postgres;
using Tidings.Storage.Postgres.Tasks;
using Tidings.Storage.Tasks;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>
/// Creates and deletes that arrive together share one statement (TaskWriteBatcher), and each keeps the outcome it
/// would have had alone. To be sure a burst is written as a batch, the table is locked by another session while the
/// burst queues: the first write waits for the lock inside PostgreSQL and everything after it queues for one statement.
/// </summary>
public sealed class PostgresTaskStoreBatchTests : IDisposable
{
    private const string Queue = "projects/p/locations/l/queues/q";
    private const string OtherQueue = "projects/p/locations/l/queues/other";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TestPostgres _database = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly FakeTimeProvider _time = new(Now);
    private readonly PostgresTaskStore _store;

    public PostgresTaskStoreBatchTests()
    {
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        PostgresSchema.Migrate(_dataSource);
        _store = new PostgresTaskStore(_dataSource, new TaskStoreOptions(), _time);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dataSource.Dispose();
        _database.Dispose();
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static TaskWriteResult[] Results(List<Task<TaskWriteResult>> writes) => writes.Select(write => write.Result).ToArray();

    /// <summary>Starts <paramref name="burst"/> while another session holds the tasks table, lets it go, and waits for every write.</summary>
    private async Task<List<Task<TaskWriteResult>>> WhileLockedAsync(Func<IEnumerable<Task<TaskWriteResult>>> burst)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE tidings_tasks IN EXCLUSIVE MODE", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        var writes = burst().ToList();
        await Task.Delay(200); // the first write reaches the lock; the others queue behind it
        Assert.DoesNotContain(writes, write => write.IsCompleted);
        await transaction.CommitAsync();
        await ((Task)Task.WhenAll(writes)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return writes;
    }

    [Fact]
    public async Task CreateBurst_NewTakenReservedAndTwice_EachGetsItsOwnOutcome()
    {
        await _store.CreateAsync(Queue, "taken", Now, Now, Bytes("old"), None);
        await _store.CreateAsync(Queue, "reserved", Now, Now, Bytes("gone"), None);
        await _store.DeleteAsync(Queue, "reserved", null, None);

        var results = Results(await WhileLockedAsync(() => new[]
        {
            _store.CreateAsync(Queue, "first", Now, Now, Bytes("first"), None),
            _store.CreateAsync(Queue, "a", Now.AddSeconds(5), Now, Bytes("a"), None),
            _store.CreateAsync(OtherQueue, "a", Now.AddSeconds(6), Now, Bytes("other a"), None),
            _store.CreateAsync(Queue, "taken", Now, Now, Bytes("new"), None),
            _store.CreateAsync(Queue, "reserved", Now, Now, Bytes("new"), None),
            _store.CreateAsync(Queue, "twice", Now, Now, Bytes("one"), None),
            _store.CreateAsync(Queue, "twice", Now, Now, Bytes("two"), None),
        }));

        Assert.Equal(
            [TaskWriteStatus.Done, TaskWriteStatus.Done, TaskWriteStatus.Done, TaskWriteStatus.AlreadyExists, TaskWriteStatus.NameReserved,
                TaskWriteStatus.Done, TaskWriteStatus.AlreadyExists],
            results.Select(result => result.Status));
        var otherA = results[2].Task!;
        Assert.Equal((OtherQueue, "a", Now.AddSeconds(6), 1L, "other a"),
            (otherA.Queue, otherA.TaskId, otherA.ScheduleTime, otherA.Version, Encoding.UTF8.GetString(otherA.Payload.Span)));
        Assert.Equal("a", Encoding.UTF8.GetString((await _store.GetAsync(Queue, "a", None))!.Payload.Span));
        Assert.Equal("other a", Encoding.UTF8.GetString((await _store.GetAsync(OtherQueue, "a", None))!.Payload.Span));
        Assert.Equal("old", Encoding.UTF8.GetString((await _store.GetAsync(Queue, "taken", None))!.Payload.Span));
        Assert.Null(await _store.GetAsync(Queue, "reserved", None));
        Assert.Equal("one", Encoding.UTF8.GetString((await _store.GetAsync(Queue, "twice", None))!.Payload.Span));
    }

    [Fact]
    public async Task CreateBurst_ExpiredTombstone_NameFreeAgainAndTombstoneGone()
    {
        await _store.CreateAsync(Queue, "back", Now, Now, Bytes("old"), None);
        await _store.DeleteAsync(Queue, "back", null, None);
        _time.Advance(new TaskStoreOptions().TaskNameReservation + TimeSpan.FromSeconds(1));

        var results = Results(await WhileLockedAsync(() => new[]
        {
            _store.CreateAsync(Queue, "first", Now, Now, Bytes("first"), None),
            _store.CreateAsync(Queue, "back", Now, Now, Bytes("new"), None),
            _store.CreateAsync(Queue, "other", Now, Now, Bytes("other"), None),
        }));

        Assert.All(results, result => Assert.Equal(TaskWriteStatus.Done, result.Status));
        Assert.Equal(0, await _store.RemoveExpiredTombstonesAsync(10, None)); // the create cleared it
    }

    [Fact]
    public async Task DeleteBurst_MatchingStaleMissingAndTwice_EachGetsItsOwnOutcomeAndTombstones()
    {
        foreach (var id in new[] { "first", "any", "v1", "stale", "twice" })
        {
            await _store.CreateAsync(Queue, id, Now, Now, Bytes(id), None);
        }
        await _store.CreateAsync(OtherQueue, "any", Now, Now, Bytes("other any"), None);

        var results = Results(await WhileLockedAsync(() => new[]
        {
            _store.DeleteAsync(Queue, "first", null, None),
            _store.DeleteAsync(Queue, "any", null, None),
            _store.DeleteAsync(OtherQueue, "any", null, None),
            _store.DeleteAsync(Queue, "v1", 1, None),
            _store.DeleteAsync(Queue, "stale", 2, None),
            _store.DeleteAsync(Queue, "missing", null, None),
            _store.DeleteAsync(Queue, "twice", null, None),
            _store.DeleteAsync(Queue, "twice", null, None),
        }));

        Assert.Equal(
            [TaskWriteStatus.Done, TaskWriteStatus.Done, TaskWriteStatus.Done, TaskWriteStatus.Done, TaskWriteStatus.VersionMismatch,
                TaskWriteStatus.NotFound, TaskWriteStatus.Done, TaskWriteStatus.NotFound],
            results.Select(result => result.Status));
        var otherAny = results[2].Task!;
        Assert.Equal((OtherQueue, "any", "other any"), (otherAny.Queue, otherAny.TaskId, Encoding.UTF8.GetString(otherAny.Payload.Span)));
        Assert.Equal((Queue, "v1", 1L), (results[3].Task!.Queue, results[3].Task!.TaskId, results[3].Task!.Version));
        Assert.NotNull(await _store.GetAsync(Queue, "stale", None));
        Assert.Equal(1, await _store.CountAsync(Queue, None));
        foreach (var (queue, id) in new[] { (Queue, "any"), (OtherQueue, "any"), (Queue, "v1"), (Queue, "twice") })
        {
            Assert.True(await _store.IsTaskNameReservedAsync(queue, id, None), $"{queue}/{id}");
        }
        Assert.False(await _store.IsTaskNameReservedAsync(Queue, "missing", None));
    }

    [Fact]
    public async Task CreateBurst_OneHasNoRoom_OnlyThatOneFails()
    {
        using (var trigger = _dataSource.CreateCommand("""
            CREATE FUNCTION tidings_test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full';
            END $$;
            CREATE TRIGGER full_tasks BEFORE INSERT ON tidings_tasks
                FOR EACH ROW WHEN (convert_from(NEW.payload, 'UTF8') = 'full') EXECUTE FUNCTION tidings_test_disk_full();
            """))
        {
            await trigger.ExecuteNonQueryAsync();
        }

        var writes = await WhileLockedAsync(() => new[]
        {
            _store.CreateAsync(Queue, "first", Now, Now, Bytes("first"), None),
            _store.CreateAsync(Queue, "a", Now, Now, Bytes("a"), None),
            _store.CreateAsync(Queue, "large", Now, Now, Bytes("full"), None),
            _store.CreateAsync(Queue, "b", Now, Now, Bytes("b"), None),
        });

        Assert.IsType<StorageFullException>(writes[2].Exception!.InnerException);
        Assert.All(writes.Where((_, i) => i != 2), write => Assert.Equal(TaskWriteStatus.Done, write.Result.Status));
        Assert.Equal(3, await _store.CountAsync(Queue, None));
    }

    [Fact]
    public async Task Dispose_WritesQueued_AllWrittenThenRefused()
    {
        var creates = Enumerable.Range(0, 50).Select(i => _store.CreateAsync(Queue, $"t{i}", Now, Now, Bytes("x"), None)).ToList();

        _store.Dispose();

        Assert.All(await Task.WhenAll(creates), result => Assert.Equal(TaskWriteStatus.Done, result.Status));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.CreateAsync(Queue, "late", Now, Now, Bytes("x"), None));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.DeleteAsync(Queue, "t0", null, None));
        using var reopened = new PostgresTaskStore(_dataSource, new TaskStoreOptions(), _time);
        Assert.Equal(50, await reopened.CountAsync(Queue, None));
    }
}
