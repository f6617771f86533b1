using Tidings.Kernel.Errors;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>Acknowledge without exactly-once delivery: acks remove messages; repeats and unknown ids are no-ops.</summary>
public sealed class AcknowledgeTests : IDisposable
{
    private const string Name = "projects/p/subscriptions/sub";
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public AcknowledgeTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders");
    }

    private PubSubBroker Broker => _harness.Broker;

    [Fact]
    public async Task Acknowledge_PulledMessage_RemovesItFromBacklog()
    {
        await _harness.PublishAsync("orders", "a", "b", "c");
        Assert.Equal(3, _subscription.BacklogCount());
        var pulled = await _harness.PullNowAsync("sub");
        Assert.Equal(3, _subscription.BacklogCount()); // leased messages are still backlog

        _harness.Ack("sub", pulled[1]);

        Assert.Equal(2, _subscription.BacklogCount());
    }

    [Fact]
    public async Task Acknowledge_AllPulled_BacklogEmptyAndNothingRedelivered()
    {
        await _harness.PublishAsync("orders", "a", "b");
        var pulled = await _harness.PullNowAsync("sub");

        _harness.Ack("sub", pulled);
        _harness.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Acknowledge_Twice_IsANoOp()
    {
        await _harness.PublishAsync("orders", "a", "b");
        var pulled = await _harness.PullNowAsync("sub");
        _harness.Ack("sub", pulled[0]);

        _harness.Ack("sub", pulled[0]);

        Assert.Equal(1, _subscription.BacklogCount());
    }

    [Fact]
    public async Task Acknowledge_UnknownButWellFormedIds_IsANoOp()
    {
        await _harness.PublishAsync("orders", "a");
        var unknown = new[]
        {
            new AckId(_subscription.Id, 0xffff, 1).Format(), // sequence never published
            new AckId(_subscription.Id + 1000, 1, 1).Format(), // another subscription
            new AckId(_subscription.Id, 1, long.MaxValue / 2).Format(), // never delivered in this run
        };

        Broker.Acknowledge(Name, unknown);

        Assert.Equal(1, _subscription.BacklogCount());
        Assert.Single(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Acknowledge_AckIdOfAnotherSubscription_DoesNotAckThere()
    {
        _harness.CreateSubscription("other", "orders");
        await _harness.PublishAsync("orders", "a");
        var mine = await _harness.PullNowAsync("sub");

        Broker.Acknowledge("projects/p/subscriptions/other", [mine[0].AckId.Format()]);

        Assert.Equal(1, Broker.GetSubscription("projects/p/subscriptions/other").BacklogCount());
        Assert.Equal(1, _subscription.BacklogCount());
    }

    [Fact]
    public async Task Acknowledge_AckIdFromDeletedSubscriptionOfSameName_Ignored()
    {
        await _harness.PublishAsync("orders", "a");
        var old = Assert.Single(await _harness.PullNowAsync("sub"));
        Broker.DeleteSubscription(Name);
        var recreated = _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "b");

        _harness.Ack("sub", old);

        Assert.Equal(1, recreated.BacklogCount());
        Assert.Equal(["b"], (await _harness.PullNowAsync("sub")).Select(BrokerHarness.Text));
    }

    [Fact]
    public void Acknowledge_MalformedAckId_ThrowsInvalidArgumentWithGoogleText()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "You have passed an invalid ack ID to the service (ack_id=not-an-ack-id).",
            () => Broker.Acknowledge(Name, ["not-an-ack-id"]));
    }

    [Fact]
    public async Task Acknowledge_MalformedAmongValid_AcksNothing()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = await _harness.PullNowAsync("sub");

        PubSubAssert.Throws(ErrorCode.InvalidArgument, () => Broker.Acknowledge(Name, [pulled[0].AckId.Format(), "garbage"]));

        Assert.Equal(1, _subscription.BacklogCount());
    }

    [Fact]
    public void Acknowledge_MissingSubscription_ThrowsNotFound()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=gone).",
            () => Broker.Acknowledge("projects/p/subscriptions/gone", ["1-1-1"]));
    }

    [Fact]
    public async Task Acknowledge_StaleAckIdAfterRedelivery_StillAcksTheMessage()
    {
        await _harness.PublishAsync("orders", "a");
        var first = await _harness.PullNowAsync("sub");
        Broker.ModifyAckDeadline(Name, [first[0].AckId.Format()], 0);
        var second = await _harness.PullNowAsync("sub");
        Assert.NotEqual(first[0].AckId, second[0].AckId);

        _harness.Ack("sub", first[0]);

        Assert.Equal(0, _subscription.BacklogCount());
        _harness.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Acknowledge_NackedMessageWaitingForRedelivery_AcksIt()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = await _harness.PullNowAsync("sub");
        Broker.ModifyAckDeadline(Name, [pulled[0].AckId.Format()], 0);

        _harness.Ack("sub", pulled[0]);

        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Acknowledge_OutOfOrder_BacklogCountsOnlyUnacked()
    {
        await _harness.PublishAsync("orders", "a", "b", "c", "d");
        var pulled = await _harness.PullNowAsync("sub");

        _harness.Ack("sub", pulled[3], pulled[1]);
        Assert.Equal(2, _subscription.BacklogCount());

        _harness.Ack("sub", pulled[0]);
        Assert.Equal(1, _subscription.BacklogCount());
    }

    public void Dispose() => _harness.Dispose();
}
