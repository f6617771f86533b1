using Tidings.Kernel.Errors;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>ModifyAckDeadline: 0 nacks for immediate redelivery, other values move the deadline, stale ids are ignored.</summary>
public sealed class ModifyAckDeadlineTests : IDisposable
{
    private const string Name = "projects/p/subscriptions/sub";
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public ModifyAckDeadlineTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders");
    }

    private PubSubBroker Broker => _harness.Broker;

    [Fact]
    public async Task ModifyAckDeadline_Zero_RedeliversAtOnceWithAttempt2AndNewAckId()
    {
        var ids = await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal(1, first.DeliveryAttempt);

        Broker.ModifyAckDeadline(Name, [first.AckId.Format()], 0);
        var second = Assert.Single(await _harness.PullNowAsync("sub"));

        Assert.Equal(2, second.DeliveryAttempt);
        Assert.NotEqual(first.AckId, second.AckId);
        Assert.Equal(ids[0], second.MessageId);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal("a", BrokerHarness.Text(second));
    }

    [Fact]
    public async Task ModifyAckDeadline_ZeroTwice_CountsEveryAttempt()
    {
        await _harness.PublishAsync("orders", "a");
        var delivery = Assert.Single(await _harness.PullNowAsync("sub"));

        for (var attempt = 2; attempt <= 4; attempt++)
        {
            Broker.ModifyAckDeadline(Name, [delivery.AckId.Format()], 0);
            delivery = Assert.Single(await _harness.PullNowAsync("sub"));
            Assert.Equal(attempt, delivery.DeliveryAttempt);
        }
    }

    [Fact]
    public async Task ModifyAckDeadline_Zero_RedeliversBeforeNeverDeliveredMessages()
    {
        await _harness.PublishAsync("orders", "a", "b", "c");
        var first = await _harness.PullNowAsync("sub", 1);

        Broker.ModifyAckDeadline(Name, [first[0].AckId.Format()], 0);
        var next = await _harness.PullNowAsync("sub", 3);

        Assert.Equal(["a", "b", "c"], next.Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task ModifyAckDeadline_StaleAckId_Ignored()
    {
        await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));
        Broker.ModifyAckDeadline(Name, [first.AckId.Format()], 0);
        var second = Assert.Single(await _harness.PullNowAsync("sub"));

        Broker.ModifyAckDeadline(Name, [first.AckId.Format()], 0);

        Assert.Empty(await _harness.PullNowAsync("sub"));
        _harness.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await _harness.PullNowAsync("sub"));
        _harness.Ack("sub", second);
        Assert.Equal(0, _subscription.BacklogCount());
    }

    [Fact]
    public async Task ModifyAckDeadline_StaleAckId_DoesNotExtendTheCurrentLease()
    {
        await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));
        Broker.ModifyAckDeadline(Name, [first.AckId.Format()], 0);
        Assert.Single(await _harness.PullNowAsync("sub"));

        Broker.ModifyAckDeadline(Name, [first.AckId.Format()], 600);
        _harness.Time.Advance(TimeSpan.FromSeconds(11));

        var third = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal(3, third.DeliveryAttempt);
    }

    [Fact]
    public async Task ModifyAckDeadline_AckedMessage_IsANoOp()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));
        _harness.Ack("sub", pulled);

        Broker.ModifyAckDeadline(Name, [pulled.AckId.Format()], 0);

        Assert.Empty(await _harness.PullNowAsync("sub"));
        Assert.Equal(0, _subscription.BacklogCount());
    }

    [Theory]
    [InlineData(601, "The value for ack_deadline_seconds is too large. You passed 601 in the request, but the maximum value is 600.")]
    [InlineData(-1, "The value for ack_deadline_seconds is too small. You passed -1 in the request, but the minimum value is 0.")]
    public async Task ModifyAckDeadline_OutOfRange_ThrowsInvalidArgumentAndKeepsLease(int seconds, string message)
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));

        PubSubAssert.Throws(ErrorCode.InvalidArgument, message, () => Broker.ModifyAckDeadline(Name, [pulled.AckId.Format()], seconds));

        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task ModifyAckDeadline_600_Accepted()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));

        Broker.ModifyAckDeadline(Name, [pulled.AckId.Format()], 600);
        _harness.Time.Advance(TimeSpan.FromSeconds(599));

        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public void ModifyAckDeadline_MalformedAckId_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "You have passed an invalid ack ID to the service (ack_id=x).",
            () => Broker.ModifyAckDeadline(Name, ["x"], 10));
    }

    [Fact]
    public void ModifyAckDeadline_MissingSubscription_ThrowsNotFound()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, () => Broker.ModifyAckDeadline("projects/p/subscriptions/gone", ["1-1-1"], 10));
    }

    public void Dispose() => _harness.Dispose();
}
