using System.Text;
using Tidings.PubSub.Consumers;
using Tidings.PubSub.DeadLetters;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.DeadLetters;

/// <summary>
/// After its last allowed delivery attempt fails, a message goes to the dead-letter topic with Google's source
/// attributes, and the original is acked.
/// </summary>
public sealed class DeadLetterForwardingTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public DeadLetterForwardingTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateTopic("dead");
        _harness.CreateSubscription("dead-sub", "dead");
        _subscription = _harness.CreateSubscription("sub", "orders", settings => settings with { DeadLetterPolicy = BrokerHarness.DeadLetters("dead", 5) });
    }

    public void Dispose() => _harness.Dispose();

    private async Task<LeasedMessage> DeadLetteredAsync()
    {
        LeasedMessage? found = null;
        await Eventually.TrueAsync(async () =>
        {
            var pulled = await _harness.PullNowAsync("dead-sub");
            found = pulled.Count > 0 ? pulled[0] : null;
            return found is not null;
        }, "the message reached the dead-letter subscription");
        return found!.Value;
    }

    private async Task NackUntilAttemptAsync(int lastAttempt)
    {
        for (var attempt = 1; attempt <= lastAttempt; attempt++)
        {
            var message = Assert.Single(await _harness.PullNowAsync("sub"));
            Assert.Equal(attempt, message.DeliveryAttempt);
            _harness.Nack("sub", message);
        }
    }

    [Fact]
    public async Task FifthAttemptNacked_ForwardedWithGooglesSourceAttributes()
    {
        _harness.Time.Advance(TimeSpan.FromMilliseconds(1234));
        var ids = await _harness.Broker.PublishAsync(BrokerHarness.TopicName("orders"),
            [new PublishMessage(Encoding.UTF8.GetBytes("poison"), [KeyValuePair.Create("kind", "order")], "key-1")], 0, CancellationToken.None);

        await NackUntilAttemptAsync(5);

        var dead = await DeadLetteredAsync();
        Assert.Equal("poison", BrokerHarness.Text(dead));
        Assert.Equal("key-1", dead.Message.OrderingKey);
        Assert.NotEqual(ids[0], dead.MessageId);
        Assert.Equal(new Dictionary<string, string>
        {
            ["kind"] = "order",
            [DeadLetterMessage.DeliveryCountAttribute] = "5",
            [DeadLetterMessage.SubscriptionAttribute] = "sub",
            [DeadLetterMessage.SubscriptionProjectAttribute] = "p",
            [DeadLetterMessage.TopicPublishTimeAttribute] = "2026-01-01T00:00:01.234+00:00",
        }, dead.Message.Attributes.ToDictionary());
    }

    [Fact]
    public async Task Forwarded_OriginalIsAckedAndNotDeliveredAgain()
    {
        await _harness.PublishAsync("orders", "poison");

        await NackUntilAttemptAsync(5);
        await DeadLetteredAsync();

        await Eventually.TrueAsync(() => _subscription.BacklogCount() == 0, "the original was acked");
        _harness.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task FourthAttemptNacked_DeliveredAgainNotForwarded()
    {
        await _harness.PublishAsync("orders", "a");

        await NackUntilAttemptAsync(4);

        Assert.Equal(5, Assert.Single(await _harness.PullNowAsync("sub")).DeliveryAttempt);
        Assert.Equal(0, _subscription.DeadLettersInFlight);
        Assert.Empty(await _harness.PullNowAsync("dead-sub"));
    }

    [Fact]
    public async Task LastAttemptExpired_Forwarded()
    {
        await _harness.PublishAsync("orders", "slow");

        await NackUntilAttemptAsync(4);
        Assert.Equal(5, Assert.Single(await _harness.PullNowAsync("sub")).DeliveryAttempt);
        _harness.Time.Advance(TimeSpan.FromSeconds(10));

        var dead = await DeadLetteredAsync();
        Assert.Equal("5", dead.Message.Attributes.Single(a => a.Key == DeadLetterMessage.DeliveryCountAttribute).Value);
    }

    [Fact]
    public async Task AckedAtTheLastAttempt_NotForwarded()
    {
        await _harness.PublishAsync("orders", "a");
        await NackUntilAttemptAsync(4);

        _harness.Ack("sub", Assert.Single(await _harness.PullNowAsync("sub")));

        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Equal(0, _subscription.DeadLettersInFlight);
        Assert.Empty(await _harness.PullNowAsync("dead-sub"));
    }

    [Fact]
    public async Task OtherMessages_KeepFlowingWhileOneIsDeadLettered()
    {
        await _harness.PublishAsync("orders", "poison");
        await NackUntilAttemptAsync(5);

        await _harness.PublishAsync("orders", "fine");

        Assert.Equal(["fine"], (await _harness.PullNowAsync("sub")).Select(BrokerHarness.Text));
        await DeadLetteredAsync();
    }
}
