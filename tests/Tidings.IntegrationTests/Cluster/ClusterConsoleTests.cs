using System.Net.Http.Json;
using System.Text.Json;
using Google.Cloud.PubSub.V1;
using Google.Cloud.Scheduler.V1;
using Google.Cloud.Tasks.V2;
using Task = System.Threading.Tasks.Task;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>The console's overview lists every service's projects on any node, composed from the nodes that run them.</summary>
public sealed class ClusterConsoleTests
{
    [Fact]
    public async Task Overview_OnEveryNode_ListsTheProjectsOfEveryService()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        await cluster.WaitForOwnersAsync();
        var node = cluster.Nodes[0];
        await node.Publisher.CreateTopicAsync(new Topic { Name = "projects/with-topic/topics/orders" });
        await new CloudTasks.CloudTasksClient(node.Channel).CreateQueueAsync(new CreateQueueRequest
        {
            Parent = "projects/with-queue/locations/us-central1",
            Queue = new Queue { Name = "projects/with-queue/locations/us-central1/queues/work" },
        });
        await new CloudScheduler.CloudSchedulerClient(node.Channel).CreateJobAsync(new CreateJobRequest
        {
            Parent = "projects/with-job/locations/us-central1",
            Job = new Job { Name = "projects/with-job/locations/us-central1/jobs/nightly", Schedule = "0 0 1 1 *", HttpTarget = new HttpTarget { Uri = "http://127.0.0.1:9/" } },
        });

        foreach (var each in cluster.Nodes)
        {
            var overview = await each.Http.GetFromJsonAsync<JsonElement>("/console/api/overview");
            Assert.Equal(["with-job", "with-queue", "with-topic"], overview.GetProperty("projects").EnumerateArray().Select(p => p.GetString()));
            Assert.True(overview.TryGetProperty("now", out _));
        }
    }
}
