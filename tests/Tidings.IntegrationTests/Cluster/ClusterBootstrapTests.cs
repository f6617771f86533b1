using Google.Cloud.PubSub.V1;
using Npgsql;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>In a cluster the bootstrap file is applied by each new leader, once it has opened the engines, never before.</summary>
public sealed class ClusterBootstrapTests
{
    [Fact]
    public async Task BootstrapFile_IsAppliedOnLeadership_NotAtStart()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("bootstrap.yaml", "project: p\ntopics:\n  - name: declared\n");
        using var database = new TestPostgres();
        await using var holder = new NpgsqlConnection(database.ConnectionString + ";Pooling=false"); // closing it ends the session and frees the lock
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({ClusterDatabase.LockKey})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        await using var node = await ClusterTestNode.StartAsync(database.ConnectionString, "bootstrapped", configureOptions: o => o.Bootstrap = file);
        await Task.Delay(TimeSpan.FromMilliseconds(10 * ClusterTestNode.HeartbeatMs)); // ten chances to apply it too early
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM tidings_state", holder))
        {
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }

        await holder.CloseAsync();
        await Eventually.TrueAsync(() => node.IsLeading, "the node to lead once the lock is free");
        var topic = await node.Publisher.GetTopicAsync(new GetTopicRequest { Topic = "projects/p/topics/declared" });
        Assert.Equal("projects/p/topics/declared", topic.Name);
    }
}
