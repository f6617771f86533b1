using Google.Cloud.PubSub.V1;
using Google.Cloud.Scheduler.V1;
using Google.Protobuf;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// Cloud Scheduler on one node, Pub/Sub on another: a job's Pub/Sub target is published through gRPC to the node that
/// runs Pub/Sub, and its failures are recorded with the same status as an in-process publish's.
/// </summary>
public sealed class ClusterSchedulerPublishTests
{
    private const string Location = "projects/p/locations/us-central1";

    [Fact]
    public async Task PubSubTarget_WithPubSubOnAnotherNode_IsPublishedThere_AndAMissingTopicIsNotFound()
    {
        await using var cluster = await TestCluster.StartAsync(0);
        // The first node runs Cloud Tasks and Cloud Scheduler (Pub/Sub's lock held elsewhere); the second joins, and
        // then Pub/Sub is freed: the second takes it by its share at once, the first would wait three heartbeats.
        await using (var holder = await ClusterLocks.HoldAsync(cluster.ConnectionString, [ClusterUnit.PubSub]))
        {
            var scheduling = await cluster.AddNodeAsync("scheduling");
            await Eventually.TrueAsync(() => scheduling.Owns(ClusterUnit.Scheduler) && scheduling.Owns(ClusterUnit.Tasks), "the first node to run Tasks and Scheduler");
            var publishing = await cluster.AddNodeAsync("publishing");
            await Eventually.TrueAsync(() => publishing.State.LiveNodes.Count == 2, "the second node to see both");
            await Task.Delay(TimeSpan.FromMilliseconds((UnitClaims.JoinWindow + 1) * ClusterTestNode.HeartbeatMs));
        }
        var owners = await cluster.WaitForOwnersAsync();
        var scheduler = owners[ClusterUnit.Scheduler];
        var pubSub = owners[ClusterUnit.PubSub];
        Assert.NotSame(scheduler, pubSub);

        // Created through the Scheduler's node, forwarded: its pool of connections to other nodes is in use before the
        // job's first publish opens a channel over it (a channel that reconfigured the pool then failed every publish).
        await scheduler.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/ticks" });
        await scheduler.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/ticks", Topic = "projects/p/topics/ticks" });
        var jobs = new CloudScheduler.CloudSchedulerClient(scheduler.Channel);
        await jobs.CreateJobAsync(new CreateJobRequest
        {
            Parent = Location,
            Job = new Job
            {
                Name = $"{Location}/jobs/tick",
                Schedule = "0 0 1 1 *",
                PubsubTarget = new PubsubTarget { TopicName = "projects/p/topics/ticks", Data = ByteString.CopyFromUtf8("tick"), Attributes = { ["from"] = "scheduler" } },
            },
        });
        await jobs.CreateJobAsync(new CreateJobRequest
        {
            Parent = Location,
            Job = new Job { Name = $"{Location}/jobs/lost", Schedule = "0 0 1 1 *", PubsubTarget = new PubsubTarget { TopicName = "projects/p/topics/none", Data = ByteString.CopyFromUtf8("x") } },
        });

        await jobs.RunJobAsync(new RunJobRequest { Name = $"{Location}/jobs/tick" });
        await jobs.RunJobAsync(new RunJobRequest { Name = $"{Location}/jobs/lost" });

        var received = new List<ReceivedMessage>();
        await Eventually.TrueAsync(async () =>
        {
            received.AddRange((await pubSub.Subscriber.PullAsync(new PullRequest { Subscription = "projects/p/subscriptions/ticks", MaxMessages = 10 })).ReceivedMessages);
            return received.Count > 0;
        }, "the job's message on the node that runs Pub/Sub");
        var message = Assert.Single(received).Message;
        Assert.Equal("tick", message.Data.ToStringUtf8());
        Assert.Equal("scheduler", message.Attributes["from"]);
        Job lost = null!;
        await Eventually.TrueAsync(async () =>
        {
            lost = await jobs.GetJobAsync(new GetJobRequest { Name = $"{Location}/jobs/lost" });
            return lost.Status is not null;
        }, "the failed run's status");
        Assert.Equal((int)Grpc.Core.StatusCode.NotFound, lost.Status.Code);
    }
}
