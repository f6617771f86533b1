using System.Globalization;
using Tidings.PubSub.DeadLetters;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.DeadLetters;

/// <summary>
/// Delivery attempts survive a restart (the stores outlive the broker, standing in for the data directory): a
/// message is dead-lettered after exactly its policy's attempts however many restarts fall between them. The
/// restart itself is no failed attempt.
/// </summary>
public sealed class DeadLetterRestartTests : IDisposable
{
    private readonly RestartingBroker _broker = new();

    public DeadLetterRestartTests()
    {
        Harness.CreateTopic("orders");
        Harness.CreateTopic("dead");
        Harness.CreateSubscription("dead-sub", "dead");
        Harness.CreateSubscription("sub", "orders", settings => settings with { DeadLetterPolicy = BrokerHarness.DeadLetters("dead", 5) });
    }

    private BrokerHarness Harness => _broker.Current;

    public void Dispose() => _broker.Dispose();

    private async Task<int> PullAndNackAsync()
    {
        var message = Assert.Single(await Harness.PullNowAsync("sub"));
        Harness.Nack("sub", message);
        return message.DeliveryAttempt;
    }

    [Fact]
    public void Restart_PoliciesAreKept()
    {
        var retry = new RetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(1.5), MaximumBackoff = TimeSpan.FromSeconds(90) };
        Harness.Broker.UpdateSubscription(BrokerHarness.SubscriptionName("sub"), settings => settings with { RetryPolicy = retry });

        _broker.Restart();

        var settings = Harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).Settings;
        Assert.Equal(BrokerHarness.DeadLetters("dead", 5), settings.DeadLetterPolicy);
        Assert.Equal(retry, settings.RetryPolicy);
    }

    [Fact]
    public async Task OrderedKeyNackedTwiceThenRestarted_CountsOnFromThree()
    {
        Harness.CreateSubscription("ordered", "orders", settings => settings with
        {
            EnableMessageOrdering = true,
            DeadLetterPolicy = BrokerHarness.DeadLetters("dead", 5),
        });
        await Harness.PublishKeyedAsync("orders", "k:1", "k:2");
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var message = Assert.Single(await Harness.PullNowAsync("ordered"));
            Assert.Equal(attempt, message.DeliveryAttempt);
            Harness.Nack("ordered", message);
        }

        _broker.Restart();

        var after = Assert.Single(await Harness.PullNowAsync("ordered"));
        Assert.Equal("k:1", BrokerHarness.Text(after));
        Assert.Equal(3, after.DeliveryAttempt);
    }

    [Fact]
    public async Task NackedTwiceThenRestarted_CountsOnFromThree()
    {
        await Harness.PublishAsync("orders", "a");
        await PullAndNackAsync();
        await PullAndNackAsync();

        _broker.Restart();

        Assert.Equal(3, Assert.Single(await Harness.PullNowAsync("sub")).DeliveryAttempt);
    }

    [Fact]
    public async Task LeasedWhenRestarted_DeliveredAgainWithTheSameAttempt()
    {
        await Harness.PublishAsync("orders", "a");
        await PullAndNackAsync();
        Assert.Equal(2, Assert.Single(await Harness.PullNowAsync("sub")).DeliveryAttempt);

        _broker.Restart();

        Assert.Equal(2, Assert.Single(await Harness.PullNowAsync("sub")).DeliveryAttempt);
    }

    [Fact]
    public async Task RestartsBetweenAttempts_DeadLetteredAfterExactlyFive()
    {
        await Harness.PublishAsync("orders", "poison");
        var attempts = new List<int> { await PullAndNackAsync(), await PullAndNackAsync() };
        _broker.Restart();
        attempts.Add(await PullAndNackAsync());
        _broker.Restart();
        attempts.Add(await PullAndNackAsync());
        attempts.Add(await PullAndNackAsync());

        await Eventually.TrueAsync(async () => (await Harness.PullNowAsync("dead-sub")) is [var dead]
            && dead.Message.Attributes.Contains(KeyValuePair.Create(DeadLetterMessage.DeliveryCountAttribute, "5")), "the message was dead-lettered");
        Assert.Equal([1, 2, 3, 4, 5], attempts);
        await Eventually.TrueAsync(() => Harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).BacklogCount() == 0, "the original was acked");
    }

    [Fact]
    public async Task FailedAttempts_CheckpointedAsVersion2AndGoneOnceAcked()
    {
        await Harness.PublishAsync("orders", "a");
        await PullAndNackAsync();
        Harness.Broker.CheckpointAcks();

        var key = Harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).Id.ToString("D20", CultureInfo.InvariantCulture);
        var stored = AckStateCodec.Decode(Assert.Single(_broker.State.LoadAll(PubSubDocuments.AckKind), d => d.Key == key).Value);
        Assert.Equal(2, stored.Version);
        Assert.Single(stored.FailedAttempts);

        Harness.Ack("sub", await Harness.PullNowAsync("sub"));
        Harness.Broker.CheckpointAcks();
        var acked = AckStateCodec.Decode(Assert.Single(_broker.State.LoadAll(PubSubDocuments.AckKind), d => d.Key == key).Value);
        Assert.Empty(acked.FailedAttempts);
    }
}
