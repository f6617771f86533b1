using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.PubSub;

/// <summary>
/// Delivery attempts kept on disk (the ack checkpoint in SQLite, messages in the segment log) across restarts of
/// the real host: a message is dead-lettered after exactly its policy's attempts, two of them before the restart.
/// </summary>
public sealed class DeadLetterDurableRestartTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("tidings-dead-letter-restart-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private static async Task<ReceivedMessage> PullAndNackAsync(DurableServer server, string subscription)
    {
        var message = Assert.Single((await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 10 })).ReceivedMessages);
        await server.Subscriber.ModifyAckDeadlineAsync(new ModifyAckDeadlineRequest { Subscription = subscription, AckIds = { message.AckId }, AckDeadlineSeconds = 0 });
        return message;
    }

    [Fact]
    public async Task NackedAcrossARestart_DeadLetteredAfterExactlyFiveAttempts()
    {
        const string subscription = "projects/durable/subscriptions/billing";
        const string dead = "projects/durable/subscriptions/dead-sub";
        var attempts = new List<int>();
        await using (var server = await DurableServer.StartAsync(_dataDir))
        {
            await server.Publisher.CreateTopicAsync(new Topic { Name = "projects/durable/topics/orders" });
            await server.Publisher.CreateTopicAsync(new Topic { Name = "projects/durable/topics/dead" });
            await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = dead, Topic = "projects/durable/topics/dead" });
            await server.Subscriber.CreateSubscriptionAsync(new Subscription
            {
                Name = subscription,
                Topic = "projects/durable/topics/orders",
                DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = "projects/durable/topics/dead", MaxDeliveryAttempts = 5 },
            });
            await server.Publisher.PublishAsync(new PublishRequest
            {
                Topic = "projects/durable/topics/orders",
                Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("poison"), Attributes = { ["k"] = "v" } } },
            });
            attempts.Add((await PullAndNackAsync(server, subscription)).DeliveryAttempt);
            attempts.Add((await PullAndNackAsync(server, subscription)).DeliveryAttempt);
        }

        await using (var server = await DurableServer.StartAsync(_dataDir))
        {
            var got = await server.Subscriber.GetSubscriptionAsync(new GetSubscriptionRequest { Subscription = subscription });
            Assert.Equal(5, got.DeadLetterPolicy.MaxDeliveryAttempts);
            for (var i = 0; i < 3; i++)
            {
                attempts.Add((await PullAndNackAsync(server, subscription)).DeliveryAttempt);
            }

            var forwarded = Assert.Single((await server.Subscriber.PullAsync(new PullRequest { Subscription = dead, MaxMessages = 10 })).ReceivedMessages);
            Assert.Equal([1, 2, 3, 4, 5], attempts);
            Assert.Equal("poison", forwarded.Message.Data.ToStringUtf8());
            Assert.Equal("v", forwarded.Message.Attributes["k"]);
            Assert.Equal("5", forwarded.Message.Attributes["CloudPubSubDeadLetterSourceDeliveryCount"]);
        }
    }
}
