using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>
/// What happens to a message between the two steps of a lease (picked under the lock, read without it, leased
/// under it again) when another call acks it, drops it, takes the log's copy away or leases concurrently.
/// </summary>
public sealed class LeaseRaceTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly InterleavingMessageStore _store = new();
    private readonly BrokerHarness _harness;
    private readonly Subscription _subscription;

    public LeaseRaceTests()
    {
        _harness = new BrokerHarness(store: _store);
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders");
    }

    private InterleavingMessageStore.InterleavingLog Log => _store.Logs[0];

    public void Dispose() => _harness.Dispose();

    /// <summary>Runs <paramref name="action"/> once, on another thread, while the next read of the log waits for it.</summary>
    private void DuringNextRead(Action<long> action) => Log.BeforeRead = sequence =>
    {
        Log.BeforeRead = null;
        Assert.True(Task.Run(() => action(sequence)).Wait(Deadline), "the racing call did not complete");
    };

    [Fact]
    public async Task Acknowledge_WhileTheRedeliveryIsRead_MessageIsNotDeliveredAgain()
    {
        await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));
        _harness.Broker.ModifyAckDeadline(_subscription.Name.FullName, [first.AckId.Format()], 0);
        DuringNextRead(_ => _harness.Ack("sub", first)); // an ack of the earlier delivery still acks the message

        Assert.Empty(await _harness.PullNowAsync("sub"));

        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task DetachSubscription_WhileMessagesAreRead_NothingIsLeased()
    {
        await _harness.PublishAsync("orders", "a", "b");
        DuringNextRead(_ => _harness.Broker.DetachSubscription(_subscription.Name.FullName));
        var consumer = _subscription.AddConsumer(10, 0, 0);
        var leased = new List<Tidings.PubSub.Consumers.LeasedMessage>();

        Assert.Equal(0, _subscription.Lease(consumer, 10, PubSubBroker.MaxBytesPerResponse, leased));

        Assert.Empty(leased);
        Assert.Equal(0, _subscription.BacklogCount());
        Assert.False(_subscription.HasAvailableMessages());
    }

    [Fact]
    public async Task DeleteSubscription_WhileMessagesAreRead_NothingIsLeased()
    {
        await _harness.PublishAsync("orders", "a", "b");
        DuringNextRead(_ => _harness.Broker.DeleteSubscription(_subscription.Name.FullName));
        var consumer = _subscription.AddConsumer(10, 0, 0);
        var leased = new List<Tidings.PubSub.Consumers.LeasedMessage>();

        Assert.Equal(0, _subscription.Lease(consumer, 10, PubSubBroker.MaxBytesPerResponse, leased));

        Assert.Empty(leased);
        Assert.Equal(0, consumer.OutstandingMessages);
    }

    [Fact]
    public async Task Lease_MessageGoneFromTheLogWhileRead_IsSkippedAndCountsAsDone()
    {
        await _harness.PublishAsync("orders", "a", "b");
        Log.BeforeRead = sequence =>
        {
            Log.BeforeRead = null;
            Log.TruncateInner(sequence + 1); // as a repair cutting out a damaged stretch would
        };

        var pulled = await _harness.PullNowAsync("sub");

        Assert.Equal(["b"], pulled.Select(BrokerHarness.Text));
        Assert.Equal(1, _subscription.BacklogCount());
    }

    [Fact]
    public async Task ConcurrentPull_WhileAnotherPullReads_GetsOnlyTheOtherMessages()
    {
        await _harness.PublishAsync("orders", "a", "b", "c");
        IReadOnlyList<Tidings.PubSub.Consumers.LeasedMessage> other = [];
        DuringNextRead(_ => other = _harness.PullNowAsync("sub").GetAwaiter().GetResult());

        var first = await _harness.PullNowAsync("sub", maxMessages: 1);

        var rest = await _harness.PullNowAsync("sub");
        Assert.Equal(["a"], first.Select(BrokerHarness.Text));
        Assert.Equal(["b"], other.Select(BrokerHarness.Text)); // its fair share: two pulls were waiting
        Assert.Equal(["c"], rest.Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Lease_ReadFails_ClaimsGoBackAndTheNextLeaseDeliversThem()
    {
        await _harness.PublishAsync("orders", "a");
        Log.BeforeRead = _ =>
        {
            Log.BeforeRead = null;
            throw new StorageFailedException("damaged record (injected)");
        };

        await Assert.ThrowsAsync<StorageFailedException>(() => _harness.PullNowAsync("sub"));

        var again = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal("a", BrokerHarness.Text(again));
        Assert.Equal(1, again.DeliveryAttempt);
    }
}
