using Tidings.PubSub.Consumers;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>
/// Acks of deliveries made before a restart that arrive before the message is delivered again: they count like any
/// ack, so the floor moves past them and the log can be truncated, and nothing acked is delivered again.
/// </summary>
public sealed class AckOfEarlierRunTests : IDisposable
{
    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private BrokerHarness _harness;
    private int _runs;

    public AckOfEarlierRunTests() => _harness = Open();

    public void Dispose() => _harness.Dispose();

    private BrokerHarness Open() =>
        new(store: _messages, state: _state, now: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_runs++));

    private async Task<IReadOnlyList<LeasedMessage>> DeliverThenRestartAsync()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        await _harness.PublishAsync("orders", "a", "b", "c");
        var delivered = await _harness.PullNowAsync("billing");
        _harness.Dispose();
        _harness = Open();
        return delivered;
    }

    [Fact]
    public async Task AckOfTheOldestMessage_MovesTheFloor()
    {
        var before = await DeliverThenRestartAsync();

        _harness.Ack("billing", before[0]);
        var again = await _harness.PullNowAsync("billing");
        _harness.Ack("billing", again);

        Assert.Equal(["b", "c"], again.Select(BrokerHarness.Text));
        var subscription = _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("billing"));
        Assert.Equal(0, subscription.BacklogCount());
        Assert.Equal(subscription.Topic.Log.NextSequence, subscription.AckFloor);
    }

    [Fact]
    public async Task FloorMovingOverAnAckAtTheCursor_CursorFollows_NothingAckedRedelivered()
    {
        var before = await DeliverThenRestartAsync();
        var first = Assert.Single(await _harness.PullNowAsync("billing", maxMessages: 1));

        _harness.Ack("billing", before[1]); // b, where the cursor stands
        _harness.Ack("billing", first); // a: the floor moves over a and b

        Assert.Equal(["c"], (await _harness.PullNowAsync("billing")).Select(BrokerHarness.Text));
    }
}
