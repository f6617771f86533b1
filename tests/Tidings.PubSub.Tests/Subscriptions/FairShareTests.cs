using Tidings.PubSub.Consumers;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>Competing consumers of one subscription split a backlog instead of the first one taking all of it.</summary>
public sealed class FairShareTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public FairShareTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders");
    }

    [Fact]
    public async Task Lease_TwoConsumersAnd100Messages_EachGetsPartOnFirstLease()
    {
        await _harness.PublishManyAsync("orders", 100);
        var first = _subscription.AddConsumer(10, 0, 0);
        var second = _subscription.AddConsumer(10, 0, 0);

        var firstBatch = Lease(first, 100);
        var secondBatch = Lease(second, 100);

        Assert.Equal(50, firstBatch.Count); // half of what is available
        Assert.InRange(secondBatch.Count, 1, 50); // a share of what is left
        Assert.Empty(firstBatch.Select(m => m.MessageId).Intersect(secondBatch.Select(m => m.MessageId)));
    }

    [Fact]
    public async Task Lease_TwoConsumersTakingTurns_DrainTheBacklogBetweenThem()
    {
        await _harness.PublishManyAsync("orders", 100);
        var first = _subscription.AddConsumer(10, 0, 0);
        var second = _subscription.AddConsumer(10, 0, 0);
        var counts = new Dictionary<MessageConsumer, int> { [first] = 0, [second] = 0 };
        var seen = new HashSet<string>();

        for (var round = 0; round < 20 && seen.Count < 100; round++)
        {
            foreach (var consumer in counts.Keys)
            {
                var batch = Lease(consumer, 100);
                counts[consumer] += batch.Count;
                Assert.All(batch, message => Assert.True(seen.Add(message.MessageId)));
            }
        }

        Assert.Equal(100, seen.Count);
        Assert.InRange(counts[first], 1, 99);
        Assert.InRange(counts[second], 1, 99);
    }

    [Fact]
    public async Task Lease_OneConsumer_TakesEverythingItAsksFor()
    {
        await _harness.PublishManyAsync("orders", 100);
        var only = _subscription.AddConsumer(10, 0, 0);

        Assert.Equal(100, Lease(only, 100).Count);
    }

    [Fact]
    public async Task Lease_OtherConsumerRemoved_TakesEverything()
    {
        await _harness.PublishManyAsync("orders", 100);
        var first = _subscription.AddConsumer(10, 0, 0);
        var second = _subscription.AddConsumer(10, 0, 0);

        _subscription.RemoveConsumer(second);

        Assert.Equal(100, Lease(first, 100).Count);
    }

    [Fact]
    public async Task Lease_SingleMessageWithTwoConsumers_StillDelivered()
    {
        await _harness.PublishAsync("orders", "only");
        var first = _subscription.AddConsumer(10, 0, 0);
        _subscription.AddConsumer(10, 0, 0);

        Assert.Single(Lease(first, 100));
    }

    [Fact]
    public async Task Publish_TwoWaitingConsumers_BothWoken()
    {
        var first = _subscription.AddConsumer(10, 0, 0);
        var second = _subscription.AddConsumer(10, 0, 0);
        var firstWait = first.WaitAsync(TimeSpan.FromMinutes(1), _harness.Time, CancellationToken.None);
        var secondWait = second.WaitAsync(TimeSpan.FromMinutes(1), _harness.Time, CancellationToken.None);

        await _harness.PublishAsync("orders", "a");

        Assert.True(await firstWait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await secondWait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private List<LeasedMessage> Lease(MessageConsumer consumer, int maxMessages)
    {
        var leased = new List<LeasedMessage>();
        _subscription.Lease(consumer, maxMessages, long.MaxValue, leased);
        return leased;
    }

    public void Dispose() => _harness.Dispose();
}
