using Tidings.PubSub.ExactlyOnce;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.ExactlyOnce;

/// <summary>
/// Which ack ids an exactly-once Acknowledge accepts: only the current, unexpired lease's. Stale, expired, already
/// acked, malformed and foreign ids fail with Google's ErrorInfo, listing just them; the others still succeed.
/// </summary>
public sealed class AckIdValidityTests : IDisposable
{
    private const string Invalid = AckIdFailureCodes.InvalidAckId;
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public AckIdValidityTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateExactlyOnceSubscription("sub", "orders", ackDeadlineSeconds: 10);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Acknowledge_CurrentLease_SucceedsAndMessageIsGone()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));

        await _harness.AckAsync("sub", pulled);

        Assert.Equal(0, _subscription.BacklogCount());
        _harness.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Acknowledge_IdOfEarlierDelivery_FailsAndCurrentOneStillWorks()
    {
        await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));
        _harness.Time.Advance(TimeSpan.FromSeconds(10));
        var second = Assert.Single(await _harness.PullNowAsync("sub"));

        await ExactlyOnceAssert.FailsWithAsync(() => _harness.AckAsync("sub", first), (first.AckId.Format(), Invalid));

        await _harness.AckAsync("sub", second);
        Assert.Equal(0, _subscription.BacklogCount());
    }

    [Fact]
    public async Task Acknowledge_AtTheDeadline_FailsAlthoughNotRedeliveredYet()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromSeconds(10));

        await ExactlyOnceAssert.FailsWithAsync(() => _harness.AckAsync("sub", pulled), (pulled.AckId.Format(), Invalid));
        Assert.Equal(1, _subscription.BacklogCount());
    }

    [Fact]
    public async Task Acknowledge_AlreadyAcked_Fails()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));
        await _harness.AckAsync("sub", pulled);

        await ExactlyOnceAssert.FailsWithAsync(() => _harness.AckAsync("sub", pulled), (pulled.AckId.Format(), Invalid));
    }

    [Fact]
    public async Task Acknowledge_MixedRequest_ListsOnlyTheFailedIdsAndAppliesTheRest()
    {
        _harness.CreateExactlyOnceSubscription("other", "orders");
        await _harness.PublishAsync("orders", "a", "b");
        var pulled = await _harness.PullNowAsync("sub");
        var foreign = (await _harness.PullNowAsync("other"))[0].AckId.Format();
        var stale = new AckId(_subscription.Id, pulled[1].AckId.Sequence, pulled[1].AckId.Generation + 1).Format();

        await ExactlyOnceAssert.FailsWithAsync(
            () => _harness.AckAsync("sub", pulled[0].AckId.Format(), "garbage", foreign, stale),
            ("garbage", Invalid), (foreign, Invalid), (stale, Invalid));

        Assert.Equal(1, _subscription.BacklogCount()); // "a" acked; "b" still leased
        await _harness.AckAsync("sub", pulled[1]);
        Assert.Equal(0, _subscription.BacklogCount());
    }
}
