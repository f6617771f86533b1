using System.Globalization;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;
using Tidings.IntegrationTests.Rest;

namespace Tidings.IntegrationTests.PubSub;

/// <summary>Seek to a time over gRPC and REST (<c>POST /v1/{subscription}:seek</c>), on the fake clock.</summary>
public sealed class SeekTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private async Task<(string Topic, string Subscription)> CreateAsync(bool retainAcked)
    {
        var project = TidingsServerFixture.NewProject();
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/orders" });
        var subscription = await server.Subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = $"projects/{project}/subscriptions/billing",
            Topic = topic.Name,
            RetainAckedMessages = retainAcked,
        });
        return (topic.Name, subscription.Name);
    }

    private async Task PublishAsync(string topic, params string[] payloads)
    {
        var request = new PublishRequest { Topic = topic };
        request.Messages.Add(payloads.Select(payload => new PubsubMessage { Data = ByteString.CopyFromUtf8(payload) }));
        await server.Publisher.PublishAsync(request);
    }

    /// <summary>Pulls what is deliverable now and acks it; returns the payloads.</summary>
    private async Task<string[]> PullAndAckAsync(string subscription)
    {
        var pulled = await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 100, ReturnImmediately = true });
        if (pulled.ReceivedMessages.Count > 0)
        {
            await server.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { pulled.ReceivedMessages.Select(m => m.AckId) } });
        }
        return [.. pulled.ReceivedMessages.Select(m => m.Message.Data.ToStringUtf8())];
    }

    [Fact]
    public async Task SeekToTime_Grpc_ReplaysAckedMessagesFromThatTime()
    {
        var (topic, subscription) = await CreateAsync(retainAcked: true);
        await PublishAsync(topic, "early");
        server.Time.Advance(TimeSpan.FromSeconds(30));
        var time = server.Time.GetUtcNow();
        await PublishAsync(topic, "late-1", "late-2");
        Assert.Equal(["early", "late-1", "late-2"], await PullAndAckAsync(subscription));

        await server.Subscriber.SeekAsync(new SeekRequest { Subscription = subscription, Time = Timestamp.FromDateTimeOffset(time) });

        Assert.Equal(["late-1", "late-2"], await PullAndAckAsync(subscription));
    }

    [Fact]
    public async Task SeekToFuture_Rest_EmptiesTheBacklog()
    {
        var (topic, subscription) = await CreateAsync(retainAcked: false);
        await PublishAsync(topic, "a", "b");
        var future = (server.Time.GetUtcNow() + TimeSpan.FromMinutes(5)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        var seek = await RestCall.SendAsync(server.Http, HttpMethod.Post, $"/v1/{subscription}:seek", $$"""{"time":"{{future}}"}""");

        seek.AssertOk("{}");
        Assert.Empty(await PullAndAckAsync(subscription));
    }

    [Fact]
    public async Task SeekToTime_RestPastTime_RedeliversRetainedMessages()
    {
        var (topic, subscription) = await CreateAsync(retainAcked: true);
        var start = server.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        await PublishAsync(topic, "a");
        Assert.Equal(["a"], await PullAndAckAsync(subscription));

        var seek = await RestCall.SendAsync(server.Http, HttpMethod.Post, $"/v1/{subscription}:seek", $$"""{"time":"{{start}}"}""");

        seek.AssertOk("{}");
        Assert.Equal(["a"], await PullAndAckAsync(subscription));
    }

    [Fact]
    public async Task Seek_MissingSubscription_NotFound()
    {
        var project = TidingsServerFixture.NewProject();

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Subscriber.SeekAsync(new SeekRequest
        {
            Subscription = $"projects/{project}/subscriptions/nope",
            Time = Timestamp.FromDateTimeOffset(server.Time.GetUtcNow()),
        }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("Resource not found (resource=nope).", error.Status.Detail);
    }

    [Fact]
    public async Task Seek_NoTarget_InvalidArgument()
    {
        var (_, subscription) = await CreateAsync(retainAcked: false);

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Subscriber.SeekAsync(new SeekRequest { Subscription = subscription }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }
}
