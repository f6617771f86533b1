using Npgsql;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// How an owner gives a unit up in the owners table, and what the next session reads of it: a graceful stop marks
/// every unit left (taken by anyone at once, without the grace), a handback marks one unit handed back (without the
/// grace, taken by share); a unit lost with its session (a crash) is neither.
/// </summary>
public sealed class ClusterReleaseMarksTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task GracefulStop_MarksEveryUnitLeft_TheNextSessionSeesThemLeft_AndReleased()
    {
        using var database = new TestPostgres();
        await using (var node = await ClusterTestNode.StartAsync(database.ConnectionString, "node-a", configureOptions: o => o.PubSubCells = 2))
        {
            await Eventually.TrueAsync(() => node.OwnsAll, "the lone node to run every unit");
        }
        var units = new ClusterUnits(2);
        Assert.Equal(units.All.Select(u => $"{u.Name()} {ClusterDatabase.LeftPid}").Order(StringComparer.Ordinal), await OwnerPidsAsync(database));

        await using var next = await ClusterDatabase.OpenAsync(database.ConnectionString, "node-b", units, Timeout, CancellationToken.None);
        var view = await next.HeartbeatAsync("node-b", "http://node-b", Timeout);
        Assert.Equal(units.All.Order(), view.Left.Order());
        Assert.Empty(view.Owners); // no session holds their locks
        Assert.True(await next.TryLockAsync(ClusterUnit.Tasks));
        Assert.True(await next.WasReleasedAsync(ClusterUnit.Tasks));
    }

    [Fact]
    public async Task ReleaseAll_FreesTheLocks_BeforeTheSessionCloses()
    {
        using var database = ClusterTables.NewDatabase();
        var units = ClusterUnits.Single;
        await using var owner = await ClusterDatabase.OpenAsync(database.ConnectionString, "node-b", units, Timeout, CancellationToken.None);
        Assert.True(await owner.TryLockAsync(ClusterUnit.Tasks));
        await owner.RecordOwnershipAsync(ClusterUnit.Tasks, "node-b", "http://node-b");

        await owner.ReleaseAllAsync();

        // The others hear it at the commit: the lock must be free then, not when the stopping node's session ends.
        await using var other = await ClusterDatabase.OpenAsync(database.ConnectionString, "node-c", units, Timeout, CancellationToken.None);
        Assert.Contains(ClusterUnit.Tasks, (await other.HeartbeatAsync("node-c", "http://node-c", Timeout)).Left);
        Assert.True(await other.TryLockAsync(ClusterUnit.Tasks));
        Assert.True(await other.WasReleasedAsync(ClusterUnit.Tasks));
    }

    [Fact]
    public async Task Handback_MarksOneUnitHandedBack_NotLeft_AndACrashMarksNothing()
    {
        using var database = ClusterTables.NewDatabase();
        var units = new ClusterUnits(2);
        var cell = ClusterUnit.PubSubCell(1);
        await using (var owner = await ClusterDatabase.OpenAsync(database.ConnectionString, "node-b", units, Timeout, CancellationToken.None))
        {
            Assert.True(await owner.TryLockAsync(cell));
            await owner.RecordOwnershipAsync(cell, "node-b", "http://node-b");
            Assert.True(await owner.TryLockAsync(ClusterUnit.Tasks));
            await owner.RecordOwnershipAsync(ClusterUnit.Tasks, "node-b", "http://node-b");
            await owner.ReleaseAsync(cell);

            await using var other = await ClusterDatabase.OpenAsync(database.ConnectionString, "node-c", units, Timeout, CancellationToken.None);
            var view = await other.HeartbeatAsync("node-c", "http://node-c", Timeout);
            Assert.DoesNotContain(cell, view.Left);
            Assert.DoesNotContain(cell, view.Owners.Keys);
            Assert.Equal("node-b", view.Owners[ClusterUnit.Tasks].NodeId);
            Assert.True(await other.TryLockAsync(cell)); // freed by the handback while its owner's session lives
            Assert.True(await other.WasReleasedAsync(cell));
            Assert.False(await other.TryLockAsync(ClusterUnit.Tasks));
        }

        // node-b's session ended without a graceful stop: Cloud Tasks' row still names its backend, so the next owner
        // waits the grace.
        await using var after = await ClusterDatabase.OpenAsync(database.ConnectionString, "node-d", units, Timeout, CancellationToken.None);
        Assert.True(await after.TryLockAsync(ClusterUnit.Tasks));
        Assert.False(await after.WasReleasedAsync(ClusterUnit.Tasks));
        Assert.DoesNotContain(ClusterUnit.Tasks, (await after.HeartbeatAsync("node-d", "http://node-d", Timeout)).Left);
    }

    private static async Task<List<string>> OwnerPidsAsync(TestPostgres database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT unit || ' ' || backend_pid FROM tidings_cluster_owners", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return [.. rows.Order(StringComparer.Ordinal)];
    }
}
