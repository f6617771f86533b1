using Npgsql;
using Tidings.Storage.Postgres;
using Tidings.Storage.Postgres.Tasks;
using Tidings.Storage.Tasks;
using Tidings.Storage.Tests.Tasks;

namespace Tidings.Storage.Tests.Postgres;

public sealed class PostgresTaskStoreComplianceTests : TaskStoreCompliance
{
    private readonly TestPostgres _database = new();
    private readonly NpgsqlDataSource _dataSource;

    public PostgresTaskStoreComplianceTests()
    {
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        PostgresSchema.Migrate(_dataSource);
    }

    protected override ITaskStore CreateStore(TaskStoreOptions options, TimeProvider time) => new PostgresTaskStore(_dataSource, options, time);

    public override void Dispose()
    {
        base.Dispose();
        _dataSource.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task Reopen_AfterDispose_KeepsTasksAndTombstones()
    {
        await CreateAsync("kept", dueInSeconds: 5);
        await CreateAsync("deleted");
        await Store.DeleteAsync(Queue, "deleted", null, None);
        await Store.DeleteQueueAsync(OtherQueue, None);
        Store.Dispose();

        // A new data source, as a restarted node has: nothing carried over but the database.
        using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        using var reopened = new PostgresTaskStore(dataSource, Options, Time);

        var kept = await reopened.GetAsync(Queue, "kept", None);
        Assert.Equal(Start.AddSeconds(5), kept!.ScheduleTime);
        Assert.True(await reopened.IsTaskNameReservedAsync(Queue, "deleted", None));
        Assert.True(await reopened.IsQueueNameReservedAsync(OtherQueue, None));
    }

    [Fact]
    public async Task TwoNodes_OneDatabase_EachSeesTheOthersWritesAndOnlyOneClaimWins()
    {
        using var otherNode = NpgsqlDataSource.Create(_database.ConnectionString);
        using var other = new PostgresTaskStore(otherNode, Options, Time);
        await CreateAsync("a");

        var seen = await other.GetAsync(Queue, "a", None);
        var claims = await Task.WhenAll(
            Store.UpdateAsync(Queue, "a", 1, Start.AddSeconds(30), Bytes("claimed here"), None),
            other.UpdateAsync(Queue, "a", 1, Start.AddSeconds(30), Bytes("claimed there"), None));

        Assert.Equal(1, seen!.Version);
        Assert.Equal([TaskWriteStatus.Done, TaskWriteStatus.VersionMismatch], claims.Select(claim => claim.Status).Order());
        Assert.Equal(2, (await Store.GetAsync(Queue, "a", None))!.Version);
    }

    [Fact]
    public async Task TwoNodes_CreateTheSameNameAtOnce_OneCreatesTheOtherIsToldItExists()
    {
        using var otherNode = NpgsqlDataSource.Create(_database.ConnectionString);
        using var other = new PostgresTaskStore(otherNode, Options, Time);
        _ = Store;

        for (var round = 0; round < 20; round++)
        {
            var id = $"t{round:D2}";
            var results = await Task.WhenAll(
                Task.Run(() => Store.CreateAsync(Queue, id, Start, Start, Bytes("here"), None)),
                Task.Run(() => other.CreateAsync(Queue, id, Start, Start, Bytes("there"), None)));

            Assert.Equal([TaskWriteStatus.Done, TaskWriteStatus.AlreadyExists], results.Select(result => result.Status).Order());
        }
        Assert.Equal(20, await Store.CountAsync(Queue, None));
    }
}
