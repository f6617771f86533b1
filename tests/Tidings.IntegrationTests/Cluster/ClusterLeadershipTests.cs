using System.Net;
using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Npgsql;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>Who runs what: three nodes started together take one unit each; no node runs a unit whose lock is held elsewhere.</summary>
public sealed class ClusterLeadershipTests
{
    [Fact]
    public async Task ThreeNodesStartedTogether_EndWithOneUnitEach_AndAllKnowTheOwners()
    {
        // A heartbeat long enough that the three hosts, built at once on a busy machine, see each other within the
        // join window (two heartbeats) before any takes its share.
        await using var cluster = await TestCluster.StartTogetherAsync(3, options => options.ClusterHeartbeatMs = 1000);

        var owners = await cluster.WaitForOwnersAsync(timeoutMs: 30_000);

        Assert.Equal(3, owners.Values.Distinct().Count());
        foreach (var node in cluster.Nodes)
        {
            var status = await node.StatusAsync();
            var units = status.GetProperty("units");
            foreach (var unit in node.State.Units.All)
            {
                var view = units.GetProperty(unit.Name());
                Assert.Equal(owners[unit] == node ? "owning" : "none", view.GetProperty("role").GetString());
                Assert.Equal(owners[unit].NodeId, view.GetProperty("owner").GetProperty("nodeId").GetString());
                Assert.Equal(owners[unit].Address.ToString().TrimEnd('/'), view.GetProperty("owner").GetProperty("url").GetString());
            }
            Assert.Equal(["node-a", "node-b", "node-c"], status.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("nodeId").GetString()).Order());
            Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/readyz")).StatusCode);
        }
    }

    [Fact]
    public async Task LocksHeldElsewhere_NoNodeRunsTheUnits_RequestsAreUnavailableUntilTheyAreFreed()
    {
        using var database = new TestPostgres();
        await using var holder = await ClusterLocks.HoldAsync(database.ConnectionString, ClusterUnits.Single.All);
        await using var node = await ClusterTestNode.StartAsync(database.ConnectionString, "lonely");

        var grpc = await Assert.ThrowsAsync<RpcException>(async () =>
            await node.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/orders" }));
        Assert.Equal(StatusCode.Unavailable, grpc.StatusCode);
        Assert.Equal(ClusterUnavailable.NoOwnerMessage, grpc.Status.Detail);
        var rest = await node.Http.GetAsync("/v1/projects/p/topics/orders");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rest.StatusCode);
        Assert.Contains("\"status\":\"UNAVAILABLE\"", await rest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node.Http.GetAsync("/readyz")).StatusCode);
        // What needs no engine is served all the same.
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/v1/projects/p/locations")).StatusCode);
        Assert.False(node.Owns(ClusterUnit.PubSub));

        await holder.DisposeAsync(); // the session ends: PostgreSQL frees the locks

        await Eventually.TrueAsync(() => node.OwnsAll, "the node to run every engine once the locks are free");
        var topic = await node.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/orders" });
        Assert.Equal("projects/p/topics/orders", topic.Name);
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/readyz")).StatusCode);
    }
}

/// <summary>Holds units' locks on a session of a test's own, as another node would; disposing it frees them.</summary>
internal sealed class ClusterLocks : IAsyncDisposable
{
    private readonly NpgsqlConnection _session;

    private ClusterLocks(NpgsqlConnection session) => _session = session;

    public static async Task<ClusterLocks> HoldAsync(string connectionString, IEnumerable<ClusterUnit> units)
    {
        var session = new NpgsqlConnection(connectionString + ";Pooling=false"); // closing it ends the session and frees the locks
        await session.OpenAsync();
        foreach (var unit in units)
        {
            // The schema need not be there: a lock on the key alone keeps every node from the unit.
            await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({unit.LockKey()})", session);
            await take.ExecuteNonQueryAsync();
        }
        return new ClusterLocks(session);
    }

    /// <summary>Frees one unit, keeping the others.</summary>
    public async Task ReleaseAsync(ClusterUnit unit)
    {
        await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({unit.LockKey()})", _session);
        await release.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="sql"/> on the holding session (the test reads the database through it).</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, _session);
        return await command.ExecuteScalarAsync();
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
