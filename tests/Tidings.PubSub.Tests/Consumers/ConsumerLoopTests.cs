using Tidings.PubSub.Consumers;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Consumers;

/// <summary>
/// The consumer loop that Pull, StreamingPull and push share: batches sized by the sink, a backlog that keeps
/// flowing past the loop's time, and the three ways it ends. The clock is fake; the real-time guard only stops a hang.
/// </summary>
public sealed class ConsumerLoopTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public ConsumerLoopTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task RunAsync_BacklogPastItsTime_DeliversEverythingInSinkSizedBatches_ThenTimeUp()
    {
        await _harness.PublishAsync("orders", "a", "b", "c", "d", "e");
        using var loop = _harness.Broker.OpenConsumer(_subscription, 10, 0, 0);
        var sink = new RecordingSink(capacity: 2);

        var exit = await loop.RunAsync(sink, _harness.Time.GetUtcNow(), CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(ConsumerLoopExit.TimeUp, exit);
        Assert.Equal([["a", "b"], ["c", "d"], ["e"]], sink.Batches);
    }

    [Fact]
    public async Task RunAsync_SinkDeclines_StopsAfterThatBatch()
    {
        await _harness.PublishAsync("orders", "a", "b", "c");
        using var loop = _harness.Broker.OpenConsumer(_subscription, 10, 0, 0);
        var sink = new RecordingSink(capacity: 1) { KeepGoing = false };

        var exit = await loop.RunAsync(sink, DateTimeOffset.MaxValue, CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(ConsumerLoopExit.SinkStopped, exit);
        Assert.Equal([["a"]], sink.Batches);
        Assert.Equal(3, _subscription.BacklogCount());
    }

    [Fact]
    public async Task RunAsync_Idle_WakesOnPublish()
    {
        using var loop = _harness.Broker.OpenConsumer(_subscription, 10, 0, 0);
        var sink = new RecordingSink(capacity: 10) { KeepGoing = false };
        var running = loop.RunAsync(sink, DateTimeOffset.MaxValue, CancellationToken.None);
        Assert.False(running.IsCompleted);

        await _harness.PublishAsync("orders", "late");

        Assert.Equal(ConsumerLoopExit.SinkStopped, await running.WaitAsync(HangGuard));
        Assert.Equal([["late"]], sink.Batches);
    }

    [Fact]
    public async Task RunAsync_SubscriptionDeletedWhileIdle_ReturnsSubscriptionGone()
    {
        using var loop = _harness.Broker.OpenConsumer(_subscription, 10, 0, 0);
        var running = loop.RunAsync(new RecordingSink(capacity: 10), DateTimeOffset.MaxValue, CancellationToken.None);

        _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("sub"));

        Assert.Equal(ConsumerLoopExit.SubscriptionGone, await running.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task RunAsync_WindowFull_WaitsForAnAck()
    {
        await _harness.PublishAsync("orders", "a", "b");
        using var loop = _harness.Broker.OpenConsumer(_subscription, 10, maxOutstandingMessages: 1, maxOutstandingBytes: 0);
        var sink = new RecordingSink(capacity: 10);
        using var stop = new CancellationTokenSource();
        var running = loop.RunAsync(sink, DateTimeOffset.MaxValue, stop.Token);
        await Eventually.TrueAsync(() => sink.Count == 1, "the first message");
        Assert.Equal([["a"]], sink.Batches);

        _harness.Ack("sub", sink.Messages[0]);

        await Eventually.TrueAsync(() => sink.Count == 2, "the second message once the window opened");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(HangGuard));
    }

    /// <summary>Keeps what it is given; takes up to <c>capacity</c> messages a batch.</summary>
    private sealed class RecordingSink(int capacity) : IMessageSink
    {
        private readonly List<LeasedMessage> _messages = [];
        private readonly List<string[]> _batches = [];

        public bool KeepGoing { get; init; } = true;

        public int Count
        {
            get
            {
                lock (_messages)
                {
                    return _messages.Count;
                }
            }
        }

        public List<LeasedMessage> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public List<string[]> Batches
        {
            get
            {
                lock (_messages)
                {
                    return [.. _batches];
                }
            }
        }

        public ValueTask<int> WaitForCapacityAsync(CancellationToken cancellationToken) => ValueTask.FromResult(capacity);

        public ValueTask<bool> DeliverAsync(IReadOnlyList<LeasedMessage> batch, CancellationToken cancellationToken)
        {
            lock (_messages)
            {
                _messages.AddRange(batch);
                _batches.Add([.. batch.Select(BrokerHarness.Text)]);
            }
            return ValueTask.FromResult(KeepGoing);
        }
    }
}
