using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Cloud.Iam.V1;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// Pub/Sub in four cells on two nodes, each running some: every call reaches its resource's cell wherever it was
/// sent (a topic's by its name, a subscription's and a snapshot's by where they are), gRPC streams included, and
/// listings gather every node's cells.
/// </summary>
public sealed class ClusterPubSubCellsAcrossNodesTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private ClusterTestNode _a = null!;
    private ClusterTestNode _b = null!;
    private string _topicOnA = "";
    private string _topicOnB = "";

    public async Task InitializeAsync()
    {
        (_cluster, _a, _b, var cellOfA, var cellOfB) = await CellsCluster.StartTwoNodesAsync();
        (_topicOnA, _topicOnB) = (CellsCluster.TopicIn(cellOfA), CellsCluster.TopicIn(cellOfB));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task PublishPullAck_AnyNodeServesAnyCell()
    {
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnB });
        await _b.Publisher.CreateTopicAsync(new Topic { Name = _topicOnA });
        await _a.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/on-b", Topic = _topicOnB });
        // REST creation: the topic is in the body, read before the request is routed.
        var created = await _b.Http.PutAsJsonAsync("/v1/projects/p/subscriptions/on-a", new { topic = _topicOnA });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        foreach (var (topic, subscription) in new[] { (_topicOnB, "projects/p/subscriptions/on-b"), (_topicOnA, "projects/p/subscriptions/on-a") })
        {
            await _a.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8(topic) } } });
            var pulled = Assert.Single((await _b.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 5 })).ReceivedMessages);
            Assert.Equal(topic, pulled.Message.Data.ToStringUtf8());
            await _a.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { pulled.AckId } });
            var rest = await _a.Http.GetFromJsonAsync<JsonElement>($"/v1/{subscription}");
            Assert.Equal(topic, rest.GetProperty("topic").GetString());
        }
    }

    [Fact]
    public async Task StreamingPull_ThroughANodeThatDoesNotRunTheCell()
    {
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnB });
        await _a.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/streamed", Topic = _topicOnB, AckDeadlineSeconds = 10 });
        await _a.Publisher.PublishAsync(new PublishRequest { Topic = _topicOnB, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("hello") } } });

        using var stream = _a.Subscriber.StreamingPull(cancellationToken: new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        await stream.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = "projects/p/subscriptions/streamed", StreamAckDeadlineSeconds = 10 });
        Assert.True(await stream.ResponseStream.MoveNext());
        var received = Assert.Single(stream.ResponseStream.Current.ReceivedMessages);
        Assert.Equal("hello", received.Message.Data.ToStringUtf8());
        await stream.RequestStream.WriteAsync(new StreamingPullRequest { AckIds = { received.AckId } });
        await stream.RequestStream.CompleteAsync();

        await Eventually.TrueAsync(async () =>
        {
            var again = await _b.Subscriber.PullAsync(new PullRequest { Subscription = "projects/p/subscriptions/streamed", MaxMessages = 5, ReturnImmediately = true });
            return again.ReceivedMessages.Count == 0;
        }, "the ack sent on the stream to reach the cell");
    }

    [Fact]
    public async Task Listings_GatherEveryNodesCells_PageByPage()
    {
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnA });
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnB });
        await _b.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/sub-a", Topic = _topicOnA });
        await _b.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/sub-b", Topic = _topicOnB });
        await _b.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "projects/p/snapshots/snap-b", Subscription = "projects/p/subscriptions/sub-b" });

        foreach (var node in new[] { _a, _b })
        {
            var first = await node.Publisher.ListTopicsAsync(new ListTopicsRequest { Project = "projects/p", PageSize = 1 });
            var second = await node.Publisher.ListTopicsAsync(new ListTopicsRequest { Project = "projects/p", PageSize = 1, PageToken = first.NextPageToken });
            Assert.Equal(new[] { _topicOnA, _topicOnB }.Order(StringComparer.Ordinal), first.Topics.Concat(second.Topics).Select(t => t.Name));
            Assert.Equal("", second.NextPageToken);
            var subscriptions = await node.Subscriber.ListSubscriptionsAsync(new ListSubscriptionsRequest { Project = "projects/p" });
            Assert.Equal(["projects/p/subscriptions/sub-a", "projects/p/subscriptions/sub-b"], subscriptions.Subscriptions.Select(s => s.Name));
            var rest = await node.Http.GetFromJsonAsync<JsonElement>("/v1/projects/p/snapshots");
            Assert.Equal("projects/p/snapshots/snap-b", Assert.Single(rest.GetProperty("snapshots").EnumerateArray()).GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task SnapshotsAndIam_ReachTheirResourcesCell()
    {
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnB });
        await _a.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/held", Topic = _topicOnB });
        await _a.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "projects/p/snapshots/held", Subscription = "projects/p/subscriptions/held" });

        Assert.Equal(_topicOnB, (await _a.Subscriber.GetSnapshotAsync(new GetSnapshotRequest { Snapshot = "projects/p/snapshots/held" })).Topic);
        await _a.Subscriber.SeekAsync(new SeekRequest { Subscription = "projects/p/subscriptions/held", Snapshot = "projects/p/snapshots/held" });
        var iam = new IAMPolicy.IAMPolicyClient(_a.Channel);
        var set = await iam.SetIamPolicyAsync(new SetIamPolicyRequest
        {
            Resource = "projects/p/subscriptions/held",
            Policy = new Policy { Bindings = { new Binding { Role = "roles/pubsub.subscriber", Members = { "user:a@example.com" } } } },
        });
        var read = await new IAMPolicy.IAMPolicyClient(_b.Channel).GetIamPolicyAsync(new GetIamPolicyRequest { Resource = "projects/p/subscriptions/held" });
        Assert.Equal(set.Etag, read.Etag);
        await _a.Subscriber.DeleteSnapshotAsync(new DeleteSnapshotRequest { Snapshot = "projects/p/snapshots/held" });
        var gone = await Assert.ThrowsAsync<RpcException>(async () =>
            await _b.Subscriber.GetSnapshotAsync(new GetSnapshotRequest { Snapshot = "projects/p/snapshots/held" }));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await _a.Subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = "projects/p/subscriptions/never" }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task DeadLetters_ReachATopicWhoseCellRunsOnTheOtherNode()
    {
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnA });
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnB });
        await _a.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/dead", Topic = _topicOnB });
        var policy = new DeadLetterPolicy { DeadLetterTopic = _topicOnB, MaxDeliveryAttempts = 5 };
        await _b.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/work", Topic = _topicOnA, DeadLetterPolicy = policy });
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await _b.Subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = "projects/p/subscriptions/nowhere",
            Topic = _topicOnA,
            DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = CellsCluster.TopicIn(CellsCluster.Map.OfTopic(_topicOnB), skip: 1), MaxDeliveryAttempts = 5 },
        }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        await _a.Publisher.PublishAsync(new PublishRequest { Topic = _topicOnA, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("poison") } } });
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var pulled = Assert.Single((await _a.Subscriber.PullAsync(new PullRequest { Subscription = "projects/p/subscriptions/work", MaxMessages = 1 })).ReceivedMessages);
            await _a.Subscriber.ModifyAckDeadlineAsync(new ModifyAckDeadlineRequest { Subscription = "projects/p/subscriptions/work", AckIds = { pulled.AckId }, AckDeadlineSeconds = 0 });
        }

        var forwarded = Assert.Single((await _b.Subscriber.PullAsync(new PullRequest { Subscription = "projects/p/subscriptions/dead", MaxMessages = 1 })).ReceivedMessages);
        Assert.Equal("poison", forwarded.Message.Data.ToStringUtf8());
    }

    [Fact]
    public async Task SubscriptionAndSnapshotNames_AreUniqueAcrossNodes_EvenCreatedAtOnce()
    {
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnA });
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnB });
        await _a.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/taken", Topic = _topicOnA });
        await _a.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/other", Topic = _topicOnB });
        await _a.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "projects/p/snapshots/taken", Subscription = "projects/p/subscriptions/taken" });

        var subscription = await Assert.ThrowsAsync<RpcException>(async () =>
            await _b.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/taken", Topic = _topicOnB }));
        var snapshot = await Assert.ThrowsAsync<RpcException>(async () =>
            await _b.Subscriber.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "projects/p/snapshots/taken", Subscription = "projects/p/subscriptions/other" }));
        Assert.Equal(StatusCode.AlreadyExists, subscription.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, snapshot.StatusCode);
        // A snapshot of the other topic, held by the other node's cell, is refused as of another topic.
        var foreign = await Assert.ThrowsAsync<RpcException>(async () =>
            await _b.Subscriber.SeekAsync(new SeekRequest { Subscription = "projects/p/subscriptions/other", Snapshot = "projects/p/snapshots/taken" }));
        Assert.Equal(StatusCode.FailedPrecondition, foreign.StatusCode);

        // The same new name asked of both cells at once: exactly one creation wins, each time.
        for (var round = 0; round < 10; round++)
        {
            var name = $"projects/p/subscriptions/race-{round}";
            var outcomes = await Task.WhenAll(new[] { (_a, _topicOnA), (_b, _topicOnB) }.Select(async pair =>
            {
                try
                {
                    await pair.Item1.Subscriber.CreateSubscriptionAsync(new Subscription { Name = name, Topic = pair.Item2 });
                    return StatusCode.OK;
                }
                catch (RpcException exception)
                {
                    return exception.StatusCode;
                }
            }));
            Assert.Equal([StatusCode.OK, StatusCode.AlreadyExists], outcomes.Order());
        }
    }

    [Fact]
    public async Task ANodeStops_TheOtherTakesItsCells_AndServesTheirTopics_WhileItsOwnGoOn()
    {
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnA });
        await _a.Publisher.CreateTopicAsync(new Topic { Name = _topicOnB });
        foreach (var (topic, subscription) in new[] { (_topicOnA, "projects/p/subscriptions/kept-a"), (_topicOnB, "projects/p/subscriptions/kept-b") })
        {
            await _a.Subscriber.CreateSubscriptionAsync(new Subscription { Name = subscription, Topic = topic });
            await _a.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("before") } } });
        }

        await _b.StopAsync();

        await Eventually.TrueAsync(() => _a.OwnsAll, "the survivor to run every cell", timeoutMs: 30_000);
        foreach (var (topic, subscription) in new[] { (_topicOnA, "projects/p/subscriptions/kept-a"), (_topicOnB, "projects/p/subscriptions/kept-b") })
        {
            await _a.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("after") } } });
            var received = new List<string>();
            await Eventually.TrueAsync(async () =>
            {
                var pulled = await _a.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 10, ReturnImmediately = true });
                received.AddRange(pulled.ReceivedMessages.Select(m => m.Message.Data.ToStringUtf8()));
                if (pulled.ReceivedMessages.Count > 0)
                {
                    await _a.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { pulled.ReceivedMessages.Select(m => m.AckId) } });
                }
                return received.Count >= 2;
            }, $"both messages of {subscription}");
            Assert.Equal(["after", "before"], received.Order());
        }
    }
}
