using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tidings.Cluster;
using Tidings.PubSub;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>Two nodes; every Pub/Sub call goes to the node that does not run Pub/Sub, which forwards it to the one that does.</summary>
public sealed class ClusterForwardingTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private TestCluster _cluster = null!;
    private ClusterTestNode _leader = null!;
    private ClusterTestNode _follower = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(2);
        _leader = (await _cluster.WaitForOwnersAsync())[ClusterUnit.PubSub];
        _follower = _cluster.Nodes.Single(n => n != _leader);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public void Forwarding_IsNotLoggedPerRequest()
    {
        // YARP logs two lines per forwarded request at Information: a busy follower's log would be nothing else.
        // (Test nodes clear the log providers, so the filter is read where the host sets it.)
        var rules = _follower.Services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;

        var yarp = Assert.Single(rules, rule => rule.CategoryName == "Yarp" && rule.ProviderName is null);
        Assert.Equal(LogLevel.Warning, yarp.LogLevel);
    }

    [Fact]
    public async Task UnaryGrpc_ThroughTheFollower_IsServedByTheLeader()
    {
        var topic = await _follower.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/unary" });
        await _follower.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/unary", Topic = topic.Name });
        var published = await _follower.Publisher.PublishAsync(new PublishRequest
        {
            Topic = topic.Name,
            Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("hello") } },
        });

        // Seen by the leader itself: the follower has no engine of its own.
        var pulled = await _leader.Subscriber.PullAsync(new PullRequest { Subscription = "projects/p/subscriptions/unary", MaxMessages = 10 });
        var message = Assert.Single(pulled.ReceivedMessages);
        Assert.Equal(published.MessageIds[0], message.Message.MessageId);
        Assert.Equal("hello", message.Message.Data.ToStringUtf8());

        // An error status comes back as the leader answered it.
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await _follower.Publisher.GetTopicAsync(new GetTopicRequest { Topic = "projects/p/topics/none" }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task StreamingPull_ThroughTheFollower_ReceivesAndAcks()
    {
        var topic = await _follower.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/stream" });
        var subscription = await _follower.Subscriber.CreateSubscriptionAsync(new Subscription { Name = "projects/p/subscriptions/stream", Topic = topic.Name, AckDeadlineSeconds = 60 });
        using var call = _follower.Subscriber.StreamingPull();
        await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = subscription.Name, StreamAckDeadlineSeconds = 60 });

        await _follower.Publisher.PublishAsync(new PublishRequest
        {
            Topic = topic.Name,
            Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("m0") }, new PubsubMessage { Data = ByteString.CopyFromUtf8("m1") } },
        });
        var received = new List<ReceivedMessage>();
        using (var timeout = new CancellationTokenSource(Wait))
        {
            while (received.Count < 2 && await call.ResponseStream.MoveNext(timeout.Token))
            {
                received.AddRange(call.ResponseStream.Current.ReceivedMessages);
            }
        }
        Assert.Equal(["m0", "m1"], received.Select(m => m.Message.Data.ToStringUtf8()).Order());

        // Acked on the stream through the follower: nothing is left to deliver, even after the ack deadline.
        await call.RequestStream.WriteAsync(new StreamingPullRequest { AckIds = { received.Select(m => m.AckId) } });
        var broker = _leader.Services.GetRequiredService<PubSubBroker>();
        await Eventually.TrueAsync(
            () => broker.GetStatistics().Subscriptions.Single(s => s.SubscriptionId == "stream").BacklogCount == 0,
            "the acks to reach the leader");
        await call.RequestStream.CompleteAsync();

        // The stream's end comes with its trailers: the status the leader closed it with.
        using var missing = _follower.Subscriber.StreamingPull();
        await missing.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = "projects/p/subscriptions/none", StreamAckDeadlineSeconds = 10 });
        var error = await Assert.ThrowsAsync<RpcException>(async () => await missing.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Rest_ThroughTheFollower_IsServedByTheLeader()
    {
        var created = await _follower.Http.PutAsJsonAsync("/v1/projects/p/topics/rest", new { labels = new { env = "test" } });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        var topic = await _follower.Http.GetFromJsonAsync<JsonElement>("/v1/projects/p/topics/rest");
        Assert.Equal("projects/p/topics/rest", topic.GetProperty("name").GetString());
        var leaderView = await _leader.Publisher.GetTopicAsync(new GetTopicRequest { Topic = "projects/p/topics/rest" });
        Assert.Equal("test", leaderView.Labels["env"]);

        var missing = await _follower.Http.GetAsync("/v1/projects/p/topics/none");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("NOT_FOUND", error.GetProperty("error").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ForwardedRequest_ReachingAFollower_GoesOnceMoreToTheOwner_NotFurther()
    {
        // Forwarded by a node whose view was behind: the follower knows the owner and sends it on, even back to the
        // node it came from (which took the unit meanwhile).
        foreach (var (from, name) in new[] { ("elsewhere", "once"), (_leader.NodeId, "back") })
        {
            var once = new Metadata { { UnitForwarding.ForwardedHeader, from } };
            var topic = await _follower.Publisher.CreateTopicAsync(new Topic { Name = $"projects/p/topics/{name}" }, once);
            Assert.Equal($"projects/p/topics/{name}", topic.Name);
        }

        // Through two nodes already: refused, so views that disagree pass it to and fro once at most.
        foreach (var path in new[] { "elsewhere, other", $"{_leader.NodeId}, {_follower.NodeId}" })
        {
            var headers = new Metadata { { UnitForwarding.ForwardedHeader, path } };
            var grpc = await Assert.ThrowsAsync<RpcException>(async () =>
                await _follower.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/twice" }, headers));
            Assert.Equal(StatusCode.Unavailable, grpc.StatusCode);
            Assert.Equal(ClusterUnavailable.ForwardedTwiceMessage, grpc.Status.Detail);

            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/projects/p/topics/twice");
            request.Headers.Add(UnitForwarding.ForwardedHeader, path);
            var rest = await _follower.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, rest.StatusCode);
            var error = await rest.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("UNAVAILABLE", error.GetProperty("error").GetProperty("status").GetString());
        }

        // The leader serves a forwarded request as any other.
        var twice = new Metadata { { UnitForwarding.ForwardedHeader, "elsewhere, other" } };
        Assert.Equal("projects/p/topics/twice", (await _leader.Publisher.CreateTopicAsync(new Topic { Name = "projects/p/topics/twice" }, twice)).Name);
    }
}
