using System.Net;
using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Npgsql;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>Who leads: one node of three, the others following it and ready; none while the lock is held elsewhere.</summary>
public sealed class ClusterLeadershipTests
{
    [Fact]
    public async Task ThreeNodes_ExactlyOneLeads_TheOthersFollowItAndAreReady()
    {
        await using var cluster = await TestCluster.StartAsync(3);

        var leader = await cluster.WaitForLeaderAsync();

        foreach (var node in cluster.Nodes)
        {
            var status = await node.StatusAsync();
            Assert.Equal(node == leader ? "leading" : "follower", status.GetProperty("role").GetString());
            Assert.Equal(leader.NodeId, status.GetProperty("leader").GetProperty("nodeId").GetString());
            Assert.Equal(leader.Address.ToString().TrimEnd('/'), status.GetProperty("leader").GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/readyz")).StatusCode);
        }
        Assert.Single(cluster.Nodes, n => n.IsLeading);
    }

    [Fact]
    public async Task LockHeldElsewhere_NoNodeLeads_RequestsAreUnavailableUntilItIsFreed()
    {
        using var database = new TestPostgres();
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        // The schema is not there yet: a lock on the key alone keeps every node from leading.
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({ClusterDatabase.LockKey})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }
        await using var node = await ClusterTestNode.StartAsync(database.ConnectionString, "lonely");

        var grpc = await Assert.ThrowsAsync<RpcException>(async () =>
            await node.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/orders" }));
        Assert.Equal(StatusCode.Unavailable, grpc.StatusCode);
        Assert.Equal(ClusterUnavailable.NoLeaderMessage, grpc.Status.Detail);
        var rest = await node.Http.GetAsync("/v1/projects/p/topics/orders");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rest.StatusCode);
        Assert.Contains("\"status\":\"UNAVAILABLE\"", await rest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node.Http.GetAsync("/readyz")).StatusCode);
        Assert.False(node.IsLeading);

        await holder.CloseAsync(); // the session ends: PostgreSQL frees the lock

        await Eventually.TrueAsync(() => node.IsLeading, "the node to lead once the lock is free");
        var topic = await node.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/orders" });
        Assert.Equal("projects/p/topics/orders", topic.Name);
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync("/readyz")).StatusCode);
    }
}
