using Tidings.PubSub.Consumers;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>
/// A lease reads in rounds sized by the byte room left, so a narrow window reads about what it delivers; what was
/// read but not admitted goes back and comes next, in order, as a first delivery.
/// </summary>
public sealed class LeaseRoundsTests : IDisposable
{
    private readonly InterleavingMessageStore _store = new();
    private readonly BrokerHarness _harness;
    private readonly Subscription _subscription;
    private int _reads;

    public LeaseRoundsTests()
    {
        _harness = new BrokerHarness(store: _store);
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders");
        _store.Logs[0].BeforeRead = _ => _reads++;
    }

    public void Dispose() => _harness.Dispose();

    private List<LeasedMessage> Lease(MessageConsumer consumer)
    {
        var leased = new List<LeasedMessage>();
        _subscription.Lease(consumer, 1000, PubSubBroker.MaxBytesPerResponse, leased);
        return leased;
    }

    [Fact]
    public async Task Lease_ByteWindowForTwoOfMany_ReadsAboutWhatItDelivers()
    {
        await _harness.PublishManyAsync("orders", 500); // m0 … m499, 2-4 bytes each
        var consumer = _subscription.AddConsumer(10, maxOutstandingMessages: 0, maxOutstandingBytes: 4);

        var first = Lease(consumer);

        Assert.Equal(["m0", "m1"], first.Select(BrokerHarness.Text));
        Assert.InRange(_reads, 2, 4);
    }

    [Fact]
    public async Task Lease_ReadButNotAdmitted_ComesNextInOrderAsAFirstDelivery()
    {
        await _harness.PublishAsync("orders", "aaaa", "bbbb", "cccc", "dddd");
        var consumer = _subscription.AddConsumer(10, maxOutstandingMessages: 0, maxOutstandingBytes: 8);
        var first = Lease(consumer);
        _harness.Ack("sub", first);

        var second = Lease(consumer);

        Assert.Equal(["aaaa", "bbbb"], first.Select(BrokerHarness.Text));
        Assert.Equal(["cccc", "dddd"], second.Select(BrokerHarness.Text));
        Assert.All(second, message => Assert.Equal(1, message.DeliveryAttempt));
    }

    [Fact]
    public async Task Lease_LargeBacklogNoWindow_LeasesTheWholeBudgetInFewRounds()
    {
        await _harness.PublishManyAsync("orders", 1500);
        var consumer = _subscription.AddConsumer(10, 0, 0);

        var leased = Lease(consumer);

        Assert.Equal(1000, leased.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"m{i}"), leased.Select(BrokerHarness.Text));
        Assert.Equal(1000, _reads);
    }
}
