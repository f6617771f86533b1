using Tidings.PubSub.Consumers;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>
/// Acks of deliveries made before a restart that arrive before the message is delivered again: they count like any
/// ack, so the floor moves past them and the log can be truncated, and nothing acked is delivered again.
/// </summary>
public sealed class AckOfEarlierRunTests : IDisposable
{
    private readonly RestartingBroker _broker = new();

    private BrokerHarness Harness => _broker.Current;

    public void Dispose() => _broker.Dispose();

    private async Task<IReadOnlyList<LeasedMessage>> DeliverThenRestartAsync()
    {
        Harness.CreateTopic("orders");
        Harness.CreateSubscription("billing", "orders");
        await Harness.PublishAsync("orders", "a", "b", "c");
        var delivered = await Harness.PullNowAsync("billing");
        _broker.Restart();
        return delivered;
    }

    [Fact]
    public async Task AckOfTheOldestMessage_MovesTheFloor()
    {
        var before = await DeliverThenRestartAsync();

        Harness.Ack("billing", before[0]);
        var again = await Harness.PullNowAsync("billing");
        Harness.Ack("billing", again);

        Assert.Equal(["b", "c"], again.Select(BrokerHarness.Text));
        var subscription = Harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("billing"));
        Assert.Equal(0, subscription.BacklogCount());
        Assert.Equal(subscription.Topic.Log.NextSequence, subscription.AckFloor);
    }

    [Fact]
    public async Task FloorMovingOverAnAckAtTheCursor_CursorFollows_NothingAckedRedelivered()
    {
        var before = await DeliverThenRestartAsync();
        var first = Assert.Single(await Harness.PullNowAsync("billing", maxMessages: 1));

        Harness.Ack("billing", before[1]); // b, where the cursor stands
        Harness.Ack("billing", first); // a: the floor moves over a and b

        Assert.Equal(["c"], (await Harness.PullNowAsync("billing")).Select(BrokerHarness.Text));
    }
}
