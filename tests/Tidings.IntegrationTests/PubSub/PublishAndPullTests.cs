using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.PubSub;

public sealed class PublishAndPullTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private async Task<(string Topic, string Subscription)> CreateTopicAndSubscriptionAsync(int ackDeadlineSeconds = 10)
    {
        var project = TidingsServerFixture.NewProject();
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/orders" });
        var subscription = await server.Subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = $"projects/{project}/subscriptions/billing",
            Topic = topic.Name,
            AckDeadlineSeconds = ackDeadlineSeconds,
        });
        return (topic.Name, subscription.Name);
    }

    private Task<PublishResponse> PublishAsync(string topic, params string[] payloads)
    {
        var request = new PublishRequest { Topic = topic };
        foreach (var payload in payloads)
        {
            request.Messages.Add(new PubsubMessage { Data = ByteString.CopyFromUtf8(payload), Attributes = { ["kind"] = "test" } });
        }
        return server.Publisher.PublishAsync(request).ResponseAsync;
    }

    private async Task<PullResponse> PullAsync(string subscription, int max = 100) =>
        await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = max, ReturnImmediately = true });

    [Fact]
    public async Task Publish_ThenPull_DeliversMessageWithServerAssignedIdAndTime()
    {
        var (topic, subscription) = await CreateTopicAndSubscriptionAsync();
        var published = await PublishAsync(topic, "hello");

        var pulled = await PullAsync(subscription);

        var received = Assert.Single(pulled.ReceivedMessages);
        Assert.Equal(published.MessageIds[0], received.Message.MessageId);
        Assert.Equal("hello", received.Message.Data.ToStringUtf8());
        Assert.Equal("test", received.Message.Attributes["kind"]);
        Assert.Equal(server.Time.GetUtcNow(), received.Message.PublishTime.ToDateTimeOffset());
        Assert.Equal(0, received.DeliveryAttempt);
        Assert.False(string.IsNullOrEmpty(received.AckId));
    }

    [Fact]
    public async Task Ack_RemovesMessage_AndDeadlineExpiryDoesNotRedeliverIt()
    {
        var (topic, subscription) = await CreateTopicAndSubscriptionAsync();
        await PublishAsync(topic, "a", "b");
        var pulled = await PullAsync(subscription);
        Assert.Equal(2, pulled.ReceivedMessages.Count);

        await server.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { pulled.ReceivedMessages[0].AckId } });
        server.Time.Advance(TimeSpan.FromSeconds(11));

        var again = await PullAsync(subscription);
        var redelivered = Assert.Single(again.ReceivedMessages);
        Assert.Equal(pulled.ReceivedMessages[1].Message.MessageId, redelivered.Message.MessageId);
        Assert.NotEqual(pulled.ReceivedMessages[1].AckId, redelivered.AckId);
    }

    [Fact]
    public async Task AckDeadline_NotYetPassed_MessageStaysLeased()
    {
        var (topic, subscription) = await CreateTopicAndSubscriptionAsync(ackDeadlineSeconds: 30);
        await PublishAsync(topic, "slow");
        Assert.Single((await PullAsync(subscription)).ReceivedMessages);

        server.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty((await PullAsync(subscription)).ReceivedMessages);

        server.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Single((await PullAsync(subscription)).ReceivedMessages);
    }

    [Fact]
    public async Task ModifyAckDeadlineZero_Nacks_ForImmediateRedelivery()
    {
        var (topic, subscription) = await CreateTopicAndSubscriptionAsync();
        await PublishAsync(topic, "retry me");
        var first = Assert.Single((await PullAsync(subscription)).ReceivedMessages);

        await server.Subscriber.ModifyAckDeadlineAsync(new ModifyAckDeadlineRequest { Subscription = subscription, AckIds = { first.AckId }, AckDeadlineSeconds = 0 });

        var second = Assert.Single((await PullAsync(subscription)).ReceivedMessages);
        Assert.Equal(first.Message.MessageId, second.Message.MessageId);
    }

    [Fact]
    public async Task Pull_WithoutReturnImmediately_WaitsForPublish()
    {
        var (topic, subscription) = await CreateTopicAndSubscriptionAsync();
        var pull = server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 5 }).ResponseAsync;
        Assert.False(pull.IsCompleted);

        await PublishAsync(topic, "late");

        var response = await pull.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("late", Assert.Single(response.ReceivedMessages).Message.Data.ToStringUtf8());
    }

    [Fact]
    public async Task Publish_EmptyMessage_IsInvalidArgument()
    {
        var (topic, _) = await CreateTopicAndSubscriptionAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            server.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage() } }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Publish_TenMegabyteMessage_IsDelivered()
    {
        var (topic, subscription) = await CreateTopicAndSubscriptionAsync();
        var data = new byte[10_000_000];
        Random.Shared.NextBytes(data);
        await server.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFrom(data) } } });

        var received = Assert.Single((await PullAsync(subscription)).ReceivedMessages);
        Assert.True(received.Message.Data.Span.SequenceEqual(data));
    }

    [Fact]
    public async Task Acknowledge_MalformedAckId_IsInvalidArgumentWithGooglesText()
    {
        var (_, subscription) = await CreateTopicAndSubscriptionAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            server.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = subscription, AckIds = { "garbage" } }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("You have passed an invalid ack ID to the service (ack_id=garbage).", error.Status.Detail);
    }
}
