using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>
/// A nacked message of a key comes again before any later one of its key, and the later ones in flight come back
/// after it, acked ones included (as Google redelivers them); other keys are not held up.
/// </summary>
public sealed class OrderedRedeliveryTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public OrderedRedeliveryTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateOrderedSubscription("sub", "orders");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Nack_FirstOfThreeInFlight_AllThreeComeAgainInOrder()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2", "a:3");
        var stream = _subscription.AddStream();
        var first = _subscription.LeaseFor(stream);

        _subscription.Nack(first[0]);

        var again = _subscription.LeaseFor(stream);
        Assert.Equal(["a:1", "a:2", "a:3"], again.Texts());
        Assert.All(again, message => Assert.Equal(2, message.DeliveryAttempt));
    }

    [Fact]
    public async Task Nack_AfterTheLaterOnesWereAcked_TheyComeAgainToo()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2", "a:3");
        var stream = _subscription.AddStream();
        var first = _subscription.LeaseFor(stream);
        _subscription.Ack(first[1], first[2]);

        _subscription.Nack(first[0]);

        Assert.Equal(["a:1", "a:2", "a:3"], _subscription.LeaseFor(stream).Texts());
        Assert.Equal(3, _subscription.BacklogCount());
    }

    [Fact]
    public async Task Nack_MiddleMessage_EarlierOneStaysLeasedAndLaterOnesComeAgainAfterIt()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2", "a:3");
        var stream = _subscription.AddStream();
        var first = _subscription.LeaseFor(stream);

        _subscription.Nack(first[1]);

        Assert.Equal(["a:2", "a:3"], _subscription.LeaseFor(stream).Texts());
        _subscription.Ack(first[0]);
        Assert.Equal(2, _subscription.BacklogCount());
    }

    [Fact]
    public async Task Nack_OnlyMessageInFlight_AnotherStreamMayTakeTheKey()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var first = _subscription.AddStream();
        var second = _subscription.AddStream();
        var leased = _subscription.DrainFor(first);

        _subscription.Nack(leased[0]);

        Assert.Equal(["a:1", "a:2"], _subscription.DrainFor(second).Texts());
    }

    [Fact]
    public async Task Ack_AheadOfAnEarlierLeasedMessage_CountsOnceTheEarlierIsAcked()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2", "a:3");
        var stream = _subscription.AddStream();
        var leased = _subscription.LeaseFor(stream);

        _subscription.Ack(leased[2], leased[1]);
        Assert.Equal(3, _subscription.BacklogCount());

        _subscription.Ack(leased[0]);
        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Equal(0, _subscription.OrderingKeyCount);
    }

    [Fact]
    public async Task Ack_IdOfADeliveryTakenBack_IgnoredAndTheMessageComesAgain()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var stream = _subscription.AddStream();
        var first = _subscription.LeaseFor(stream);
        _subscription.Nack(first[0]);

        _subscription.Ack(first[1]); // its delivery went back with a:1's

        var again = _subscription.LeaseFor(stream);
        Assert.Equal(["a:1", "a:2"], again.Texts());
        _subscription.Ack(again);
        Assert.Equal(0, _subscription.BacklogCount());
    }

    [Fact]
    public async Task Nack_RepeatedlyOnOneKey_OtherKeysKeepFlowing()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2", "b:1");
        var stream = _subscription.AddStream();
        var inFlight = _subscription.LeaseFor(stream);
        var flowed = new List<string>();

        for (var i = 2; i <= 4; i++)
        {
            _subscription.Ack(inFlight.Where(m => m.Message.OrderingKey == "b"));
            flowed.AddRange(inFlight.OfKey("b"));
            _subscription.Nack(inFlight.First(m => m.Message.OrderingKey == "a"));
            await _harness.PublishKeyedAsync("orders", $"b:{i}");

            inFlight = _subscription.LeaseFor(stream);
            Assert.Equal(["a:1", "a:2"], inFlight.OfKey("a"));
        }

        flowed.AddRange(inFlight.OfKey("b"));
        Assert.Equal(["b:1", "b:2", "b:3", "b:4"], flowed);
    }

    [Fact]
    public async Task Expiry_OfTheFirstInFlight_RedeliversTheRunInOrder()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var stream = _subscription.AddStream();
        var first = _subscription.LeaseFor(stream);
        _subscription.Ack(first[1]);

        _harness.Time.Advance(TimeSpan.FromSeconds(11));

        var again = _subscription.LeaseFor(stream);
        Assert.Equal(["a:1", "a:2"], again.Texts());
        Assert.Equal([2, 2], again.Select(m => m.DeliveryAttempt));
    }
}
