using System.Globalization;
using Tidings.PubSub.DeadLetters;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.DeadLetters;

/// <summary>
/// Delivery attempts survive a restart (the stores outlive the broker, standing in for the data directory): a
/// message is dead-lettered after exactly its policy's attempts however many restarts fall between them. The
/// restart itself is no failed attempt.
/// </summary>
public sealed class DeadLetterRestartTests : IDisposable
{
    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private BrokerHarness _harness;
    private int _runs;

    public DeadLetterRestartTests()
    {
        _harness = Open();
        _harness.CreateTopic("orders");
        _harness.CreateTopic("dead");
        _harness.CreateSubscription("dead-sub", "dead");
        _harness.CreateSubscription("sub", "orders", settings => settings with { DeadLetterPolicy = BrokerHarness.DeadLetters("dead", 5) });
    }

    public void Dispose() => _harness.Dispose();

    private BrokerHarness Open() =>
        new(store: _messages, state: _state, now: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_runs++));

    /// <summary>A graceful stop (the last checkpoint is written) and a start on the same stores.</summary>
    private void Restart()
    {
        _harness.Dispose();
        _harness = Open();
    }

    private async Task<int> PullAndNackAsync()
    {
        var message = Assert.Single(await _harness.PullNowAsync("sub"));
        _harness.Nack("sub", message);
        return message.DeliveryAttempt;
    }

    [Fact]
    public void Restart_PoliciesAreKept()
    {
        var retry = new RetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(1.5), MaximumBackoff = TimeSpan.FromSeconds(90) };
        _harness.Broker.UpdateSubscription(BrokerHarness.SubscriptionName("sub"), settings => settings with { RetryPolicy = retry });

        Restart();

        var settings = _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).Settings;
        Assert.Equal(BrokerHarness.DeadLetters("dead", 5), settings.DeadLetterPolicy);
        Assert.Equal(retry, settings.RetryPolicy);
    }

    [Fact]
    public async Task OrderedKeyNackedTwiceThenRestarted_CountsOnFromThree()
    {
        _harness.CreateSubscription("ordered", "orders", settings => settings with
        {
            EnableMessageOrdering = true,
            DeadLetterPolicy = BrokerHarness.DeadLetters("dead", 5),
        });
        await _harness.PublishKeyedAsync("orders", "k:1", "k:2");
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var message = Assert.Single(await _harness.PullNowAsync("ordered"));
            Assert.Equal(attempt, message.DeliveryAttempt);
            _harness.Nack("ordered", message);
        }

        Restart();

        var after = Assert.Single(await _harness.PullNowAsync("ordered"));
        Assert.Equal("k:1", BrokerHarness.Text(after));
        Assert.Equal(3, after.DeliveryAttempt);
    }

    [Fact]
    public async Task NackedTwiceThenRestarted_CountsOnFromThree()
    {
        await _harness.PublishAsync("orders", "a");
        await PullAndNackAsync();
        await PullAndNackAsync();

        Restart();

        Assert.Equal(3, Assert.Single(await _harness.PullNowAsync("sub")).DeliveryAttempt);
    }

    [Fact]
    public async Task LeasedWhenRestarted_DeliveredAgainWithTheSameAttempt()
    {
        await _harness.PublishAsync("orders", "a");
        await PullAndNackAsync();
        Assert.Equal(2, Assert.Single(await _harness.PullNowAsync("sub")).DeliveryAttempt);

        Restart();

        Assert.Equal(2, Assert.Single(await _harness.PullNowAsync("sub")).DeliveryAttempt);
    }

    [Fact]
    public async Task RestartsBetweenAttempts_DeadLetteredAfterExactlyFive()
    {
        await _harness.PublishAsync("orders", "poison");
        var attempts = new List<int> { await PullAndNackAsync(), await PullAndNackAsync() };
        Restart();
        attempts.Add(await PullAndNackAsync());
        Restart();
        attempts.Add(await PullAndNackAsync());
        attempts.Add(await PullAndNackAsync());

        await Eventually.TrueAsync(async () => (await _harness.PullNowAsync("dead-sub")) is [var dead]
            && dead.Message.Attributes.Contains(KeyValuePair.Create(DeadLetterMessage.DeliveryCountAttribute, "5")), "the message was dead-lettered");
        Assert.Equal([1, 2, 3, 4, 5], attempts);
        await Eventually.TrueAsync(() => _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).BacklogCount() == 0, "the original was acked");
    }

    [Fact]
    public async Task FailedAttempts_CheckpointedAsVersion2AndGoneOnceAcked()
    {
        await _harness.PublishAsync("orders", "a");
        await PullAndNackAsync();
        _harness.Broker.CheckpointAcks();

        var key = _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).Id.ToString("D20", CultureInfo.InvariantCulture);
        var stored = AckStateCodec.Decode(Assert.Single(_state.LoadAll(PubSubDocuments.AckKind), d => d.Key == key).Value);
        Assert.Equal(2, stored.Version);
        Assert.Single(stored.FailedAttempts);

        _harness.Ack("sub", await _harness.PullNowAsync("sub"));
        _harness.Broker.CheckpointAcks();
        var acked = AckStateCodec.Decode(Assert.Single(_state.LoadAll(PubSubDocuments.AckKind), d => d.Key == key).Value);
        Assert.Empty(acked.FailedAttempts);
    }
}
