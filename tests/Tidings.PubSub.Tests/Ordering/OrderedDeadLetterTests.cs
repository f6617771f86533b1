using Tidings.PubSub.Consumers;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>
/// Message ordering with a dead-letter policy: a keyed message whose attempts are used up goes to the dead-letter
/// topic and its key goes on with the next message, instead of the key being stuck behind it for good.
/// </summary>
public sealed class OrderedDeadLetterTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public OrderedDeadLetterTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateTopic("dead");
        _harness.CreateSubscription("dead-sub", "dead");
        _subscription = _harness.CreateSubscription("sub", "orders", settings => settings with
        {
            EnableMessageOrdering = true,
            DeadLetterPolicy = BrokerHarness.DeadLetters("dead", 5),
        });
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task KeyedMessageNackedFiveTimes_IsDeadLettered_AndItsKeyMovesOn()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2", "b:1");

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var pulled = await _harness.PullNowAsync("sub");
            var first = Assert.Single(pulled, m => m.Message.OrderingKey == "a");
            Assert.Equal("a:1", BrokerHarness.Text(first));
            Assert.Equal(attempt, first.DeliveryAttempt);
            _harness.Nack("sub", pulled);
        }

        LeasedMessage? dead = null;
        await Eventually.TrueAsync(async () =>
        {
            var pulled = await _harness.PullNowAsync("dead-sub");
            dead = pulled.Count > 0 ? pulled[0] : null;
            return dead is not null;
        }, "a:1 reached the dead-letter subscription");
        Assert.Equal("a:1", BrokerHarness.Text(dead!.Value));
        Assert.Equal("a", dead.Value.Message.OrderingKey);

        var next = await _harness.PullNowAsync("sub");
        var a2 = Assert.Single(next, m => m.Message.OrderingKey == "a");
        Assert.Equal("a:2", BrokerHarness.Text(a2));
        Assert.Equal(1, a2.DeliveryAttempt);
        _harness.Ack("sub", next);
        await Eventually.TrueAsync(() => _subscription.BacklogCount() == 0, "nothing is left once a:2 and b:1 are acked");
    }

    [Fact]
    public async Task DeadLetterTopicDeleted_TheMessageIsNotLost()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        _harness.Broker.DeleteTopic(BrokerHarness.TopicName("dead"));

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var pulled = Assert.Single(await _harness.PullNowAsync("sub"));
            Assert.Equal("a:1", BrokerHarness.Text(pulled));
            _harness.Nack("sub", pulled);
        }

        // Forwarding fails, so a:1 is delivered again (dead lettering is best effort on Google too). a:2 may come
        // first meanwhile: a:1 left its key when its attempts were used up.
        LeasedMessage? again = null;
        await Eventually.TrueAsync(async () =>
        {
            var pulled = await _harness.PullNowAsync("sub");
            again = pulled.FirstOrDefault(m => BrokerHarness.Text(m) == "a:1");
            _harness.Ack("sub", pulled.Where(m => BrokerHarness.Text(m) != "a:1"));
            return again is { Message: not null };
        }, "a:1 is delivered again");
        Assert.Equal(6, again!.Value.DeliveryAttempt);
    }
}
