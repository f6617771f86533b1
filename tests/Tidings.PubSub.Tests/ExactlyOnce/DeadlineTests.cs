using Tidings.PubSub.ExactlyOnce;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.ExactlyOnce;

/// <summary>
/// Leases of an exactly-once subscription: never redelivered before the deadline (the one set at delivery or by
/// the last successful modack); a modack needs the current lease; a nack ends it, after which its id is stale.
/// </summary>
public sealed class DeadlineTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public DeadlineTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateExactlyOnceSubscription("sub", "orders", ackDeadlineSeconds: 10);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task ModifyAckDeadline_Extended_NotRedeliveredBeforeTheNewDeadline()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));
        _harness.Time.Advance(TimeSpan.FromSeconds(9));

        await _harness.ModAckAsync("sub", 60, pulled);

        _harness.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await _harness.PullNowAsync("sub"));
        await _harness.AckAsync("sub", pulled); // still the current lease
        _harness.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Lease_PastItsDeadline_RedeliveredAndModackOfOldIdFails()
    {
        await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));
        _harness.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await _harness.PullNowAsync("sub"));
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        var second = Assert.Single(await _harness.PullNowAsync("sub"));

        Assert.Equal(first.MessageId, second.MessageId);
        await ExactlyOnceAssert.FailsWithAsync(() => _harness.ModAckAsync("sub", 30, first), (first.AckId.Format(), AckIdFailureCodes.InvalidAckId));
    }

    [Fact]
    public async Task Nack_CurrentLease_RedeliveredAtOnceAndItsIdIsStale()
    {
        await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));

        await _harness.ModAckAsync("sub", 0, first);

        var second = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal(first.MessageId, second.MessageId);
        await ExactlyOnceAssert.FailsWithAsync(() => _harness.AckAsync("sub", first), (first.AckId.Format(), AckIdFailureCodes.InvalidAckId));
        await _harness.AckAsync("sub", second);
    }

    [Fact]
    public async Task ModifyAckDeadline_OutOfRange_FailsTheWholeCallAsWithoutExactlyOnce()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));

        await PubSubAssert.ThrowsAsync(Kernel.Errors.ErrorCode.InvalidArgument, () => _harness.ModAckAsync("sub", 601, pulled));
        await _harness.AckAsync("sub", pulled);
    }

    [Fact]
    public async Task StreamAcks_AcksAndModacks_ConfirmedPerId()
    {
        await _harness.PublishAsync("orders", "a", "b");
        var subscription = _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub"));
        var pulled = await _harness.PullNowAsync("sub");
        var stale = new AckId(subscription.Id, pulled[0].AckId.Sequence, pulled[0].AckId.Generation + 1).Format();

        var (acks, deadlines) = await _harness.Broker.ApplyStreamAcksExactlyOnceAsync(
            subscription, [pulled[0].AckId.Format(), stale], [30, 30], [pulled[1].AckId.Format(), "garbage"]);

        Assert.Equal([pulled[0].AckId.Format()], acks.Succeeded);
        Assert.Equal([stale], acks.Invalid);
        Assert.Equal([pulled[1].AckId.Format()], deadlines.Succeeded);
        Assert.Equal(["garbage"], deadlines.Invalid);
        Assert.Empty(acks.TemporarilyFailed);
    }
}
