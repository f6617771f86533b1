using System.Diagnostics;
using Google.Cloud.PubSub.V1;
using Google.Cloud.Scheduler.V1;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Xunit.Abstractions;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using Task = System.Threading.Tasks.Task;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// The node of three that runs Pub/Sub stops: the survivors take its units within a few heartbeats, having recovered
/// from the database the topics, messages, acks, queues, tasks and jobs created (through another node) before.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const string Location = "projects/p/locations/us-central1";

    [Fact]
    public async Task OwnerStops_SurvivorsTakeItsUnitsWithinAFewHeartbeats_AndServeWhatWasCreatedBefore()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = (await cluster.WaitForOwnersAsync())[Tidings.Cluster.ClusterUnit.PubSub];
        var survivors = cluster.Nodes.Where(n => n != leader).ToList();
        var client = survivors[0];
        var tasks = new CloudTasks.CloudTasksClient(client.Channel);
        var scheduler = new CloudScheduler.CloudSchedulerClient(client.Channel);

        await client.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/orders" });
        await client.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/billing", Topic = "projects/p/topics/orders", AckDeadlineSeconds = 60 });
        var publish = new PublishRequest { Topic = "projects/p/topics/orders" };
        for (var i = 0; i < 5; i++)
        {
            publish.Messages.Add(new PubsubMessage { Data = ByteString.CopyFromUtf8($"m{i}") });
        }
        await client.Publisher.PublishAsync(publish);
        var first = await PullAsync(client, 2);
        await client.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = "projects/p/subscriptions/billing", AckIds = { first.Select(m => m.AckId) } });
        await tasks.CreateQueueAsync(new CreateQueueRequest { Parent = Location, Queue = new Queue { Name = $"{Location}/queues/later" } });
        await tasks.CreateTaskAsync(new CreateTaskRequest
        {
            Parent = $"{Location}/queues/later",
            Task = new CloudTask
            {
                Name = $"{Location}/queues/later/tasks/t1",
                ScheduleTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
                HttpRequest = new Google.Cloud.Tasks.V2.HttpRequest { Url = "http://127.0.0.1:9/never" },
            },
        });
        await scheduler.CreateJobAsync(new CreateJobRequest
        {
            Parent = Location,
            Job = new Job { Name = $"{Location}/jobs/noon", Schedule = "0 12 * * *", HttpTarget = new HttpTarget { Uri = "http://127.0.0.1:9/never" } },
        });

        var stopped = Stopwatch.StartNew();
        await leader.StopAsync();
        var next = (await cluster.WaitForOwnersAsync(survivors))[Tidings.Cluster.ClusterUnit.PubSub];
        var failover = stopped.Elapsed;
        output.WriteLine($"Failover of Pub/Sub from {leader.NodeId} to {next.NodeId}: {failover.TotalMilliseconds:F0} ms (heartbeat {ClusterTestNode.HeartbeatMs} ms)");

        // Three heartbeats free, a grace of two, and the engine's recovery: about a second here.
        Assert.True(failover < TimeSpan.FromSeconds(5), $"failover took {failover}");
        Assert.Contains(next, survivors);
        var rest = (await PullAsync(client, 3)).Select(m => m.Message.Data.ToStringUtf8()).Order();
        Assert.Equal(first.Select(m => m.Message.Data.ToStringUtf8()).Concat(rest).Order(), ["m0", "m1", "m2", "m3", "m4"]);
        Assert.Equal("projects/p/topics/orders", (await client.Publisher.GetTopicAsync(new GetTopicRequest { Topic = "projects/p/topics/orders" })).Name);
        Assert.Equal($"{Location}/queues/later/tasks/t1", (await tasks.GetTaskAsync(new GetTaskRequest { Name = $"{Location}/queues/later/tasks/t1" })).Name);
        Assert.Equal("0 12 * * *", (await scheduler.GetJobAsync(new GetJobRequest { Name = $"{Location}/jobs/noon" })).Schedule);
        // And it goes on: a publish after the failover is delivered.
        await client.Publisher.PublishAsync(new PublishRequest { Topic = "projects/p/topics/orders", Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("after") } } });
        Assert.Equal("after", Assert.Single(await PullAsync(client, 1)).Message.Data.ToStringUtf8());
    }

    private static async Task<List<ReceivedMessage>> PullAsync(ClusterTestNode node, int count)
    {
        var received = new List<ReceivedMessage>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            var response = await node.Subscriber.PullAsync(new PullRequest { Subscription = "projects/p/subscriptions/billing", MaxMessages = count - received.Count });
            received.AddRange(response.ReceivedMessages);
        }
        Assert.Equal(count, received.Count);
        return received;
    }
}
