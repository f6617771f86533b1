using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Consumers;

/// <summary>
/// Unary Pull without return_immediately waits up to <see cref="PubSubOptions.PullWaitTime"/> for a message. The clock is
/// fake, so a wait ends only when a test publishes or advances it; the real-time guards below only stop a hang.
/// </summary>
public sealed class PullWaitTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);
    private readonly BrokerHarness _harness = new();

    public PullWaitTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
    }

    [Fact]
    public async Task Pull_WaitingThenPublished_ReturnsTheMessage()
    {
        var pull = StartWaitingPull();
        Assert.False(pull.IsCompleted);

        await _harness.PublishAsync("orders", "late");

        var pulled = await pull.WaitAsync(HangGuard);
        Assert.Equal(["late"], pulled.Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Pull_NothingPublished_ReturnsEmptyAfterPullWaitTime()
    {
        var pull = StartWaitingPull();

        _harness.Time.Advance(_harness.Broker.Options.PullWaitTime - TimeSpan.FromSeconds(1));
        Assert.False(pull.IsCompleted);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(await pull.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Pull_CustomPullWaitTime_Honoured()
    {
        using var harness = new BrokerHarness(new PubSubOptions { PullWaitTime = TimeSpan.FromSeconds(2) });
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders");
        var pull = harness.Broker.PullAsync(BrokerHarness.SubscriptionName("sub"), 10, returnImmediately: false, CancellationToken.None);

        harness.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Empty(await pull.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Pull_MessageAlreadyThere_ReturnsWithoutWaiting()
    {
        await _harness.PublishAsync("orders", "ready");

        var pull = StartWaitingPull();

        Assert.True(pull.IsCompletedSuccessfully);
        Assert.Single(await pull);
    }

    [Fact]
    public async Task Pull_WaitingWhenLeaseExpires_ReturnsTheRedelivery()
    {
        await _harness.PublishAsync("orders", "a");
        Assert.Single(await _harness.PullNowAsync("sub")); // due back at 10 s
        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        var pull = StartWaitingPull(); // waits until 15 s

        _harness.Time.Advance(TimeSpan.FromSeconds(5));

        var redelivered = Assert.Single(await pull.WaitAsync(HangGuard));
        Assert.Equal(2, redelivered.DeliveryAttempt);
    }

    [Fact]
    public async Task Pull_WaitingWhenNacked_ReturnsTheRedelivery()
    {
        await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));
        var pull = StartWaitingPull();

        _harness.Broker.ModifyAckDeadline(BrokerHarness.SubscriptionName("sub"), [first.AckId.Format()], 0);

        Assert.Equal(2, Assert.Single(await pull.WaitAsync(HangGuard)).DeliveryAttempt);
    }

    [Fact]
    public async Task Pull_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        var pull = _harness.Broker.PullAsync(BrokerHarness.SubscriptionName("sub"), 10, returnImmediately: false, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pull.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Pull_WaitingWhenSubscriptionDeleted_ReturnsEmpty()
    {
        var pull = StartWaitingPull();

        _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("sub"));

        Assert.Empty(await pull.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Pull_PublishedBetweenFirstLeaseAndWait_ReturnsTheMessage()
    {
        var store = new InterleavingMessageStore();
        using var harness = new BrokerHarness(store: store);
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders");
        Task<string[]>? publish = null;
        // Runs inside the pull's first Lease, after it read the log's end: the interleaving of a publisher on another thread.
        store.Logs[0].OnNextSequenceRead = () => publish = harness.PublishAsync("orders", "raced");

        var pull = harness.Broker.PullAsync(BrokerHarness.SubscriptionName("sub"), 10, returnImmediately: false, CancellationToken.None);
        Assert.NotNull(publish);
        await publish;
        harness.Time.Advance(harness.Broker.Options.PullWaitTime); // a correct pull has already returned

        Assert.Equal(["raced"], (await pull.WaitAsync(HangGuard)).Select(BrokerHarness.Text));
    }

    private Task<IReadOnlyList<Tidings.PubSub.Consumers.LeasedMessage>> StartWaitingPull() =>
        _harness.Broker.PullAsync(BrokerHarness.SubscriptionName("sub"), 10, returnImmediately: false, CancellationToken.None);

    public void Dispose() => _harness.Dispose();
}
