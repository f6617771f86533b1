using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.PubSub;

/// <summary>
/// delivery_attempt on the wire: 0 without a dead-letter policy, counting from 1 with one, in Pull and StreamingPull;
/// and the dead-lettered copy as a client pulls it.
/// </summary>
public sealed class DeliveryAttemptGrpcTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private async Task<(string Project, string Topic)> CreateTopicsAsync()
    {
        var project = TidingsServerFixture.NewProject();
        await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/dead" });
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/orders" });
        return (project, topic.Name);
    }

    /// <summary>A subscription with the policy, and one message published to it.</summary>
    private async Task<string> CreateSubscriptionAsync(string project, string topic, DeadLetterPolicy? policy)
    {
        var subscription = await server.Subscriber.CreateSubscriptionAsync(new Subscription
        {
            Name = $"projects/{project}/subscriptions/billing",
            Topic = topic,
            DeadLetterPolicy = policy,
        });
        await server.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("m") } } });
        return subscription.Name;
    }

    private async Task<ReceivedMessage> PullOneAsync(string subscription) =>
        Assert.Single((await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 10 })).ReceivedMessages);

    private Task NackAsync(string subscription, ReceivedMessage message) =>
        server.Subscriber.ModifyAckDeadlineAsync(new ModifyAckDeadlineRequest { Subscription = subscription, AckIds = { message.AckId }, AckDeadlineSeconds = 0 }).ResponseAsync;

    [Fact]
    public async Task Pull_WithoutDeadLetterPolicy_AttemptIsZeroEvenWhenRedelivered()
    {
        var (project, topic) = await CreateTopicsAsync();
        var subscription = await CreateSubscriptionAsync(project, topic, policy: null);

        var first = await PullOneAsync(subscription);
        await NackAsync(subscription, first);
        var second = await PullOneAsync(subscription);

        Assert.Equal(0, first.DeliveryAttempt);
        Assert.Equal(0, second.DeliveryAttempt);
    }

    [Fact]
    public async Task PullAndNack_FiveTimes_CountsUpThenTheDeadLetterSubscriptionGetsIt()
    {
        var (project, topic) = await CreateTopicsAsync();
        var dead = await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = $"projects/{project}/subscriptions/dead-sub", Topic = $"projects/{project}/topics/dead" });
        var subscription = await CreateSubscriptionAsync(project, topic, new DeadLetterPolicy { DeadLetterTopic = $"projects/{project}/topics/dead", MaxDeliveryAttempts = 5 });

        var attempts = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var message = await PullOneAsync(subscription);
            attempts.Add(message.DeliveryAttempt);
            await NackAsync(subscription, message);
        }

        var forwarded = Assert.Single((await server.Subscriber.PullAsync(new PullRequest { Subscription = dead.Name, MaxMessages = 10 })).ReceivedMessages);
        Assert.Equal([1, 2, 3, 4, 5], attempts);
        Assert.Equal("m", forwarded.Message.Data.ToStringUtf8());
        Assert.Equal("5", forwarded.Message.Attributes["CloudPubSubDeadLetterSourceDeliveryCount"]);
        Assert.Equal(subscription.Split('/')[^1], forwarded.Message.Attributes["CloudPubSubDeadLetterSourceSubscription"]);
        Assert.Equal(project, forwarded.Message.Attributes["CloudPubSubDeadLetterSourceSubscriptionProject"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", forwarded.Message.Attributes["CloudPubSubDeadLetterSourceTopicPublishTime"]);
        Assert.Equal(0, forwarded.DeliveryAttempt); // the dead-letter subscription has no policy of its own
    }

    [Fact]
    public async Task StreamingPull_WithDeadLetterPolicy_ReportsTheAttempt()
    {
        var (project, topic) = await CreateTopicsAsync();
        var subscription = await CreateSubscriptionAsync(project, topic, new DeadLetterPolicy { DeadLetterTopic = $"projects/{project}/topics/dead" });
        await NackAsync(subscription, await PullOneAsync(subscription));

        using var call = server.Subscriber.StreamingPull();
        await call.RequestStream.WriteAsync(new StreamingPullRequest { Subscription = subscription, StreamAckDeadlineSeconds = 10 });
        using var timeout = new CancellationTokenSource(Wait);
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));

        Assert.Equal(2, Assert.Single(call.ResponseStream.Current.ReceivedMessages).DeliveryAttempt);
    }
}
