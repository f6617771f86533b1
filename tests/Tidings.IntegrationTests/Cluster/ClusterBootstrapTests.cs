using Google.Cloud.PubSub.V1;
using Google.Cloud.Tasks.V2;
using Tidings.Cluster;
using Task = System.Threading.Tasks.Task;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// In a cluster each service's part of the bootstrap file is applied by the node that wins its unit, once its engine
/// opened, never before and never by another node.
/// </summary>
public sealed class ClusterBootstrapTests
{
    [Fact]
    public async Task BootstrapFile_EachServicesPart_IsAppliedByItsOwner_NotAtStart()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("bootstrap.yaml", """
            project: p
            schemas:
              - name: declared
                type: AVRO
                definition: '{"type": "record", "name": "R", "fields": []}'
            topics:
              - name: declared
                schemaSettings: {schema: declared, encoding: JSON}
            queues:
              - name: projects/p/locations/us-central1/queues/declared
            """);
        using var database = new TestPostgres();
        await using var holder = await ClusterLocks.HoldAsync(database.ConnectionString, ClusterUnits.Single.All);

        await using var node = await ClusterTestNode.StartAsync(database.ConnectionString, "bootstrapped", configureOptions: o => o.Bootstrap = file);
        await Task.Delay(TimeSpan.FromMilliseconds(10 * ClusterTestNode.HeartbeatMs)); // ten chances to apply it too early
        Assert.Equal(0L, (long)(await holder.ScalarAsync("SELECT count(*) FROM tidings_state"))!);

        // Cloud Tasks first: its queue is declared, the topic is not yet (Pub/Sub's lock is still held).
        await holder.ReleaseAsync(ClusterUnit.Tasks);
        await Eventually.TrueAsync(() => node.Owns(ClusterUnit.Tasks), "the node to run Cloud Tasks");
        var tasks = new CloudTasks.CloudTasksClient(node.Channel);
        var queue = await tasks.GetQueueAsync(new GetQueueRequest { Name = "projects/p/locations/us-central1/queues/declared" });
        Assert.Equal("projects/p/locations/us-central1/queues/declared", queue.Name);
        Assert.False(node.Owns(ClusterUnit.PubSub));

        await holder.DisposeAsync();
        await Eventually.TrueAsync(() => node.OwnsAll, "the node to run every engine once the locks are free");
        var topic = await node.Publisher.GetTopicAsync(new GetTopicRequest { Topic = "projects/p/topics/declared" });
        Assert.Equal("projects/p/topics/declared", topic.Name);
        Assert.Equal("projects/p/schemas/declared", topic.SchemaSettings.Schema); // the schema, declared too, came first
    }
}
