using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.PubSub;

public sealed class StreamingPullTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private async Task<(string Topic, string Subscription)> CreateAsync()
    {
        var project = TidingsServerFixture.NewProject();
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/events" });
        var subscription = await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = $"projects/{project}/subscriptions/worker", Topic = topic.Name });
        return (topic.Name, subscription.Name);
    }

    private async Task PublishAsync(string topic, int count)
    {
        var request = new PublishRequest { Topic = topic };
        for (var i = 0; i < count; i++)
        {
            request.Messages.Add(new PubsubMessage { Data = ByteString.CopyFromUtf8($"m{i}") });
        }
        await server.Publisher.PublishAsync(request);
    }

    private static async Task<List<ReceivedMessage>> ReceiveAsync(AsyncDuplexStreamingCall<StreamingPullRequest, StreamingPullResponse> call, int count)
    {
        var received = new List<ReceivedMessage>();
        using var timeout = new CancellationTokenSource(Wait);
        while (received.Count < count && await call.ResponseStream.MoveNext(timeout.Token))
        {
            received.AddRange(call.ResponseStream.Current.ReceivedMessages);
        }
        return received;
    }

    [Fact]
    public async Task StreamingPull_DeliversMessages_WithSubscriptionProperties()
    {
        var (topic, subscription) = await CreateAsync();
        using var call = server.Subscriber.StreamingPull();
        await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = subscription, StreamAckDeadlineSeconds = 10 });

        await PublishAsync(topic, 3);

        using var timeout = new CancellationTokenSource(Wait);
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        var response = call.ResponseStream.Current;
        Assert.NotNull(response.SubscriptionProperties);
        Assert.False(response.SubscriptionProperties.ExactlyOnceDeliveryEnabled);
        var received = new List<ReceivedMessage>(response.ReceivedMessages);
        received.AddRange(await ReceiveAsync(call, 3 - received.Count));
        Assert.Equal(["m0", "m1", "m2"], received.Select(m => m.Message.Data.ToStringUtf8()).Order());
    }

    [Fact]
    public async Task StreamingPull_MaxOutstandingMessages_HoldsBackUntilAcked()
    {
        var (topic, subscription) = await CreateAsync();
        await PublishAsync(topic, 5);
        using var call = server.Subscriber.StreamingPull();
        await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = subscription, StreamAckDeadlineSeconds = 60, MaxOutstandingMessages = 2 });

        var first = await ReceiveAsync(call, 2);
        Assert.Equal(2, first.Count);

        // Acked on the stream: the window opens for exactly two more.
        await call.RequestStream.WriteAsync(new StreamingPullRequest { AckIds = { first.Select(m => m.AckId) } });
        var second = await ReceiveAsync(call, 2);
        Assert.Equal(2, second.Count);

        // Acked by a unary call, as the Node client does: the stream's window opens too.
        await server.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { second.Select(m => m.AckId) } });
        var third = await ReceiveAsync(call, 1);
        Assert.Single(third);
    }

    [Fact]
    public async Task StreamingPull_ProtocolVersionOne_AnswersPingsWithResponseCarryingOnlyTheProperties()
    {
        var (_, subscription) = await CreateAsync();
        using var call = server.Subscriber.StreamingPull();
        await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = subscription, StreamAckDeadlineSeconds = 10, ProtocolVersion = 1 });

        await call.RequestStream.WriteAsync(new StreamingPullRequest());

        using var timeout = new CancellationTokenSource(Wait);
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        // No messages and no confirmations: a pong. The flags ride along, since some clients re-read them from every response.
        var pong = call.ResponseStream.Current;
        Assert.Equal(new StreamingPullResponse { SubscriptionProperties = new() }, pong);
    }

    [Fact]
    public async Task StreamingPull_LeasesOutliveTheStream_AndExpireIntoRedelivery()
    {
        var (topic, subscription) = await CreateAsync();
        await PublishAsync(topic, 1);
        string messageId;
        using (var call = server.Subscriber.StreamingPull())
        {
            await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = subscription, StreamAckDeadlineSeconds = 20 });
            messageId = Assert.Single(await ReceiveAsync(call, 1)).Message.MessageId;
        }

        // Closed stream, lease still held: nothing to pull before the deadline, the message again after it.
        var pull = new PullRequest { Subscription = subscription, MaxMessages = 10, ReturnImmediately = true };
        Assert.Empty((await server.Subscriber.PullAsync(pull)).ReceivedMessages);
        server.Time.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(messageId, Assert.Single((await server.Subscriber.PullAsync(pull)).ReceivedMessages).Message.MessageId);
    }

    [Fact]
    public async Task StreamingPull_MissingSubscription_EndsWithNotFound()
    {
        var project = TidingsServerFixture.NewProject();
        using var call = server.Subscriber.StreamingPull();
        await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = $"projects/{project}/subscriptions/nothere", StreamAckDeadlineSeconds = 10 });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("Resource not found (resource=nothere).", error.Status.Detail);
    }

    [Fact]
    public async Task StreamingPull_AfterMaxLifetime_IsRecycledWithUnavailable()
    {
        var (_, subscription) = await CreateAsync();
        using var call = server.Subscriber.StreamingPull();
        await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = subscription, StreamAckDeadlineSeconds = 10, ProtocolVersion = 1 });
        // A ping round trip proves the session is set up and waiting before the clock moves.
        await call.RequestStream.WriteAsync(new StreamingPullRequest());
        using var timeout = new CancellationTokenSource(Wait);
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));

        server.Time.Advance(server.PubSubOptions.StreamMaxLifetime + TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
