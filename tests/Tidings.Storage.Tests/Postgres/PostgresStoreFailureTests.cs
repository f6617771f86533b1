using System.Text;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tidings.Storage.Messages;
using Tidings.Storage.Postgres;
using Tidings.Storage.Postgres.State;
using Tidings.Storage.Postgres.Tasks;
using Tidings.Storage.State;
using Tidings.Storage.Tasks;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>
/// The server's failures come out of both stores as the typed storage errors, and a failed write leaves nothing of
/// itself behind. A full disk is staged with a trigger that raises PostgreSQL's own <c>disk_full</c> condition for
/// one marked row, as the server does when it cannot extend a file.
/// </summary>
public sealed class PostgresStoreFailureTests : IDisposable
{
    private const string Queue = "projects/p/locations/l/queues/q";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TestPostgres _database = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStateStore _state;
    private readonly PostgresTaskStore _tasks;

    public PostgresStoreFailureTests()
    {
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        PostgresSchema.Migrate(_dataSource);
        _state = new PostgresStateStore(_dataSource);
        _tasks = new PostgresTaskStore(_dataSource, new TaskStoreOptions(), new FakeTimeProvider(Now));
        Execute("""
            CREATE FUNCTION tidings_test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full';
            END $$;
            CREATE TRIGGER full_state BEFORE INSERT OR UPDATE ON tidings_state
                FOR EACH ROW WHEN (NEW.key LIKE 'full%') EXECUTE FUNCTION tidings_test_disk_full();
            CREATE TRIGGER full_tasks BEFORE INSERT OR UPDATE ON tidings_tasks
                FOR EACH ROW WHEN (convert_from(NEW.payload, 'UTF8') = 'full') EXECUTE FUNCTION tidings_test_disk_full();
            """);
    }

    public void Dispose()
    {
        _tasks.Dispose();
        _state.Dispose();
        _dataSource.Dispose();
        _database.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _dataSource.CreateCommand(sql);
        command.ExecuteNonQuery();
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void StateApply_OneChangeHasNoRoom_StorageFullAndNoneOfTheBatchApplied()
    {
        _state.Apply([StateChange.Put("topic", "a", Bytes("1")), StateChange.Put("topic", "b", Bytes("2"))]);

        var error = Assert.Throws<StorageFullException>(() => _state.Apply(
            [StateChange.Delete("topic", "a"), StateChange.Put("topic", "b", Bytes("changed")), StateChange.Put("topic", "c", Bytes("3")), StateChange.Put("topic", "full", Bytes("x"))]));

        Assert.IsType<PostgresException>(error.InnerException);
        var documents = _state.LoadAll("topic");
        Assert.Equal(["a", "b"], documents.Select(document => document.Key));
        Assert.Equal("2", Encoding.UTF8.GetString(documents[1].Value));
        _state.Apply([StateChange.Put("topic", "c", Bytes("3"))]);
        Assert.Equal(3, _state.LoadAll("topic").Count);
    }

    [Fact]
    public async Task TaskCreate_NoRoom_StorageFullStoresNothingAndTheNextCreateWorks()
    {
        await Assert.ThrowsAsync<StorageFullException>(() => _tasks.CreateAsync(Queue, "large", Now, Now, Bytes("full"), None));

        Assert.Null(await _tasks.GetAsync(Queue, "large", None));
        Assert.Equal(TaskWriteStatus.Done, (await _tasks.CreateAsync(Queue, "small", Now, Now, Bytes("small"), None)).Status);
    }

    [Fact]
    public async Task TaskUpdateMany_OneUpdateHasNoRoom_StorageFullAndNoneApplied()
    {
        await _tasks.CreateAsync(Queue, "a", Now, Now, Bytes("a"), None);
        await _tasks.CreateAsync(Queue, "b", Now, Now, Bytes("b"), None);

        await Assert.ThrowsAsync<StorageFullException>(() => _tasks.UpdateManyAsync(Queue,
            [new TaskUpdate("a", 1, Now.AddSeconds(5), Bytes("a2")), new TaskUpdate("b", 1, Now.AddSeconds(5), Bytes("full"))], None));

        var a = await _tasks.GetAsync(Queue, "a", None);
        Assert.Equal((1L, "a", Now), (a!.Version, Encoding.UTF8.GetString(a.Payload.Span), a.ScheduleTime));
    }

    [Fact]
    public async Task Writes_DatabaseTurnedReadOnly_StorageFailed()
    {
        // As after a failover to a standby that is not promoted: reads go on, writes are refused.
        await _tasks.CreateAsync(Queue, "a", Now, Now, Bytes("a"), None);
        Execute($"ALTER DATABASE {_database.DatabaseName} SET default_transaction_read_only = on");
        _dataSource.Clear(); // the setting applies to new sessions

        await Assert.ThrowsAsync<StorageFailedException>(() => _tasks.DeleteAsync(Queue, "a", null, None));
        Assert.Throws<StorageFailedException>(() => _state.Apply([StateChange.Put("topic", "a", Bytes("1"))]));
        Assert.NotNull(await _tasks.GetAsync(Queue, "a", None));
    }

    [Fact]
    public async Task EveryCall_UnreachableServer_StorageFailed()
    {
        using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2");
        using var state = new PostgresStateStore(nowhere);
        using var tasks = new PostgresTaskStore(nowhere, new TaskStoreOptions(), new FakeTimeProvider(Now));

        Assert.Throws<StorageFailedException>(() => state.LoadAll("topic"));
        Assert.Throws<StorageFailedException>(() => state.Apply([StateChange.Put("topic", "a", Bytes("1"))]));
        await Assert.ThrowsAsync<StorageFailedException>(() => tasks.CreateAsync(Queue, "a", Now, Now, Bytes("a"), None));
        await Assert.ThrowsAsync<StorageFailedException>(() => tasks.ListDueAsync(Queue, Now, 10, None));
        await Assert.ThrowsAsync<StorageFailedException>(() => tasks.UpdateManyAsync(Queue, [new TaskUpdate("a", 1, Now, Bytes("a"))], None));
        await Assert.ThrowsAsync<StorageFailedException>(() => tasks.RemoveExpiredTombstonesAsync(10, None));
    }
}
