using Npgsql;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// Which nodes a heartbeat counts live: seen within the window and with their heartbeat session still open, so a
/// node killed stops counting the moment PostgreSQL sees its connection close (the survivors' shares grow at their
/// next heartbeat), not when its last heartbeat grows old.
/// </summary>
public sealed class ClusterLiveNodesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LongWindow = TimeSpan.FromMinutes(5);
    private static readonly ClusterUnits Units = new(1);

    [Fact]
    public async Task NodeWhoseSessionEnded_IsNotLive_ThoughSeenWithinTheWindow()
    {
        using var database = ClusterTables.NewDatabase();
        await using var a = await ClusterDatabase.OpenAsync(database.ConnectionString, "node-a", Units, Timeout, CancellationToken.None);
        await using (var b = await ClusterDatabase.OpenAsync(database.ConnectionString, "node-b", Units, Timeout, CancellationToken.None))
        {
            await b.HeartbeatAsync("node-b", "http://node-b", LongWindow);
            Assert.Equal(["node-a", "node-b"], NodeIds(await a.HeartbeatAsync("node-a", "http://node-a", LongWindow)));
        }

        // node-b's session is gone (PostgreSQL ends a killed process's backend as soon as its socket closes).
        await Eventually.TrueAsync(async () => NodeIds(await a.HeartbeatAsync("node-a", "http://node-a", LongWindow)).SequenceEqual(["node-a"]),
            "node-b to stop counting live once its session ended");
    }

    [Fact]
    public async Task NodeWithoutARecordedSession_IsLiveWhileSeenWithinTheWindow()
    {
        using var database = ClusterTables.NewDatabase();
        // A row as a node before sessions were recorded leaves it: no backend_pid.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "INSERT INTO tidings_cluster_nodes (node_id, url, started_at, last_seen) VALUES ('node-old', 'http://node-old', now(), now())", connection);
            await command.ExecuteNonQueryAsync();
        }
        await using var a = await ClusterDatabase.OpenAsync(database.ConnectionString, "node-a", Units, Timeout, CancellationToken.None);

        Assert.Equal(["node-a", "node-old"], NodeIds(await a.HeartbeatAsync("node-a", "http://node-a", LongWindow)));
        Assert.Equal(["node-a"], NodeIds(await a.HeartbeatAsync("node-a", "http://node-a", TimeSpan.FromMilliseconds(1))));
    }

    [Fact]
    public async Task NodeWhosePidABackendStartedSinceHolds_IsNotLive()
    {
        using var database = ClusterTables.NewDatabase();
        await using var a = await ClusterDatabase.OpenAsync(database.ConnectionString, "node-a", ClusterUnits.Single, Timeout, CancellationToken.None);
        // A node last seen a minute ago, whose backend's pid a session opened since has taken (the OS reuses pids).
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "INSERT INTO tidings_cluster_nodes (node_id, url, started_at, last_seen, backend_pid) " +
                "VALUES ('node-dead', 'http://node-dead', now() - interval '2 minutes', now() - interval '1 minute', pg_backend_pid())", connection);
            await command.ExecuteNonQueryAsync();

            Assert.Equal(["node-a"], NodeIds(await a.HeartbeatAsync("node-a", "http://node-a", LongWindow)));
        }
    }

    private static List<string> NodeIds(ClusterView view) => [.. view.LiveNodes.Select(n => n.NodeId).Order(StringComparer.Ordinal)];
}
