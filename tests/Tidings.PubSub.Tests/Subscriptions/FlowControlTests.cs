using Tidings.PubSub.Consumers;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>A consumer's flow-control window (max outstanding messages and bytes), as StreamingPull clients set it.</summary>
public sealed class FlowControlTests : IDisposable
{
    private const int AckDeadline = 10;
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public FlowControlTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders");
    }

    [Fact]
    public async Task Lease_WindowOfTwoMessages_YieldsTwoThenNoneUntilAnAck()
    {
        await _harness.PublishAsync("orders", "a", "b", "c", "d", "e");
        var consumer = _subscription.AddConsumer(AckDeadline, maxOutstandingMessages: 2, maxOutstandingBytes: 0);

        var first = Lease(consumer, 10);
        Assert.Equal(["a", "b"], first.Select(BrokerHarness.Text));
        Assert.Empty(Lease(consumer, 10));

        _harness.Ack("sub", first[0]);

        Assert.Equal(["c"], Lease(consumer, 10).Select(BrokerHarness.Text));
        Assert.Empty(Lease(consumer, 10));
    }

    [Fact]
    public async Task Lease_WindowOfTwoMessages_NackFreesTheSlotForTheRedelivery()
    {
        await _harness.PublishAsync("orders", "a", "b", "c");
        var consumer = _subscription.AddConsumer(AckDeadline, maxOutstandingMessages: 2, maxOutstandingBytes: 0);
        var first = Lease(consumer, 10);

        _harness.Broker.ModifyAckDeadline(_subscription.Name.FullName, [first[0].AckId.Format()], 0);

        var next = Assert.Single(Lease(consumer, 10));
        Assert.Equal("a", BrokerHarness.Text(next));
        Assert.Equal(2, next.DeliveryAttempt);
    }

    [Fact]
    public async Task Lease_WindowOfTwoMessages_ExpiryFreesTheSlot()
    {
        await _harness.PublishAsync("orders", "a", "b", "c");
        var consumer = _subscription.AddConsumer(AckDeadline, maxOutstandingMessages: 2, maxOutstandingBytes: 0);
        Assert.Equal(2, Lease(consumer, 10).Count);

        _harness.Time.Advance(TimeSpan.FromSeconds(AckDeadline));

        Assert.Equal(2, Lease(consumer, 10).Count);
    }

    [Fact]
    public async Task Lease_MaxMessagesBelowWindow_YieldsMaxMessages()
    {
        await _harness.PublishAsync("orders", "a", "b", "c", "d", "e");
        var consumer = _subscription.AddConsumer(AckDeadline, maxOutstandingMessages: 4, maxOutstandingBytes: 0);

        Assert.Equal(3, Lease(consumer, 3).Count);
        Assert.Single(Lease(consumer, 3));
    }

    [Fact]
    public async Task Lease_ByteWindowLeasedOneAtATime_StopsWhenFull()
    {
        await _harness.PublishAsync("orders", Payload('a'), Payload('b'), Payload('c'));
        var consumer = _subscription.AddConsumer(AckDeadline, maxOutstandingMessages: 0, maxOutstandingBytes: 250);

        var first = Assert.Single(Lease(consumer, 1));
        Assert.Single(Lease(consumer, 1));
        Assert.Empty(Lease(consumer, 1)); // 300 bytes would exceed the 250-byte window

        _harness.Ack("sub", first);

        Assert.Single(Lease(consumer, 1));
    }

    [Fact]
    public async Task Lease_ByteWindowInOneBatch_FillsTheWindow()
    {
        await _harness.PublishAsync("orders", Payload('a'), Payload('b'), Payload('c'), Payload('d'));
        var consumer = _subscription.AddConsumer(AckDeadline, maxOutstandingMessages: 0, maxOutstandingBytes: 300);

        var leased = Lease(consumer, 10);

        Assert.Equal(3, leased.Count); // 3 × 100 bytes fit a 300-byte window exactly
    }

    [Fact]
    public async Task Lease_MessageLargerThanByteWindowWithNothingOutstanding_StillDelivered()
    {
        await _harness.PublishAsync("orders", Payload('a'), Payload('b'));
        var consumer = _subscription.AddConsumer(AckDeadline, maxOutstandingMessages: 0, maxOutstandingBytes: 50);

        var first = Assert.Single(Lease(consumer, 10));
        Assert.Empty(Lease(consumer, 10));

        _harness.Ack("sub", first);

        Assert.Single(Lease(consumer, 10));
    }

    [Fact]
    public async Task Lease_BatchByteLimit_StopsTheBatchButAlwaysTakesOne()
    {
        await _harness.PublishAsync("orders", Payload('a'), Payload('b'), Payload('c'));
        var consumer = _subscription.AddConsumer(AckDeadline, maxOutstandingMessages: 0, maxOutstandingBytes: 0);

        Assert.Single(Lease(consumer, 10, maxBytes: 50));
        Assert.Equal(2, Lease(consumer, 10, maxBytes: 200).Count);
    }

    [Fact]
    public async Task Lease_ConsumerAckDeadline_UsedForItsLeases()
    {
        await _harness.PublishAsync("orders", "a");
        var consumer = _subscription.AddConsumer(ackDeadlineSeconds: 60, maxOutstandingMessages: 0, maxOutstandingBytes: 0);
        Assert.Single(Lease(consumer, 10));

        _harness.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(Lease(consumer, 10));
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(Lease(consumer, 10));
    }

    [Fact]
    public async Task Ack_FromAnotherCall_FreesARemovedConsumersWindow()
    {
        await _harness.PublishAsync("orders", "a", "b");
        var consumer = _subscription.AddConsumer(AckDeadline, maxOutstandingMessages: 1, maxOutstandingBytes: 0);
        var first = Assert.Single(Lease(consumer, 10));
        _subscription.RemoveConsumer(consumer);

        _harness.Ack("sub", first);

        Assert.Single(Lease(consumer, 10));
    }

    [Fact]
    public async Task Ack_WhenWindowWasFull_WakesTheConsumer()
    {
        await _harness.PublishAsync("orders", "a", "b");
        var consumer = _subscription.AddConsumer(AckDeadline, maxOutstandingMessages: 1, maxOutstandingBytes: 0);
        var first = Assert.Single(Lease(consumer, 10));
        var wait = consumer.WaitAsync(TimeSpan.FromMinutes(1), _harness.Time, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        _harness.Ack("sub", first);

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private List<LeasedMessage> Lease(MessageConsumer consumer, int maxMessages, long maxBytes = long.MaxValue)
    {
        var leased = new List<LeasedMessage>();
        var added = _subscription.Lease(consumer, maxMessages, maxBytes, leased);
        Assert.Equal(leased.Count, added);
        return leased;
    }

    /// <summary>A 100-byte message (flow control counts data, attributes and ordering key).</summary>
    private static string Payload(char fill) => new(fill, 100);

    public void Dispose() => _harness.Dispose();
}
