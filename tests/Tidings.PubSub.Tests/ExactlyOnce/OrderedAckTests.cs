using Tidings.PubSub.ExactlyOnce;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Ordering;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.ExactlyOnce;

/// <summary>
/// Exactly-once delivery with message ordering: a keyed message is acked only in key order. Acked ahead of an
/// earlier message of its key that is still leased, the ack fails with Google's transient
/// TRANSIENT_FAILURE_UNORDERED_ACK_ID and changes nothing, so a confirmed ack is never followed by a redelivery.
/// </summary>
public sealed class OrderedAckTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public OrderedAckTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders", settings => settings with
        {
            EnableMessageOrdering = true,
            EnableExactlyOnceDelivery = true,
            AckDeadlineSeconds = 10,
        });
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task AckAheadOfAnEarlierLeasedMessage_FailsAsUnordered_ThenSucceedsInOrder()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var stream = _subscription.AddStream();
        var leased = _subscription.LeaseFor(stream);
        Assert.Equal(["a:1", "a:2"], leased.Texts());

        await ExactlyOnceAssert.FailsWithAsync(() => _harness.AckAsync("sub", leased[1]), (leased[1].AckId.Format(), AckIdFailureCodes.TransientUnordered));

        await _harness.AckAsync("sub", leased[0]);
        await _harness.AckAsync("sub", leased[1]); // the client's retry, now in order
        Assert.Equal(0, _subscription.BacklogCount());
    }

    [Fact]
    public async Task UnorderedAckThenEarlierOneExpires_BothComeAgainInOrder()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var stream = _subscription.AddStream();
        var leased = _subscription.LeaseFor(stream);
        await ExactlyOnceAssert.FailsWithAsync(() => _harness.AckAsync("sub", leased[1]), (leased[1].AckId.Format(), AckIdFailureCodes.TransientUnordered));

        _harness.Time.Advance(TimeSpan.FromSeconds(10));

        await Eventually.TrueAsync(() => _subscription.LeaseFor(stream).Texts() is ["a:1", "a:2"], "both messages of the key come again, in order");
    }

    [Fact]
    public async Task UnorderedAndInvalidIdsInOneRequest_EachListedWithItsCode()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        var stream = _subscription.AddStream();
        var leased = _subscription.LeaseFor(stream);

        await ExactlyOnceAssert.FailsWithAsync(
            () => _harness.AckAsync("sub", leased[1].AckId.Format(), "garbage"),
            (leased[1].AckId.Format(), AckIdFailureCodes.TransientUnordered),
            ("garbage", AckIdFailureCodes.InvalidAckId));
    }
}
