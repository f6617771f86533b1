using Tidings.Kernel.Errors;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>DetachSubscription: the backlog is dropped and deliveries fail with FAILED_PRECONDITION (§1.11).</summary>
public sealed class DetachTests : IDisposable
{
    private const string Name = "projects/p/subscriptions/sub";
    private readonly BrokerHarness _harness = new();

    public DetachTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
    }

    private PubSubBroker Broker => _harness.Broker;

    [Fact]
    public async Task Pull_DetachedSubscription_ThrowsFailedPrecondition()
    {
        await _harness.PublishAsync("orders", "a");

        Broker.DetachSubscription(Name);

        var error = await PubSubAssert.ThrowsAsync(ErrorCode.FailedPrecondition, () => _harness.PullNowAsync("sub"));
        Assert.Equal("Subscription is detached.", error.Message);
    }

    [Fact]
    public async Task Detach_WithBacklog_DropsIt()
    {
        await _harness.PublishAsync("orders", "a", "b");
        var subscription = Broker.GetSubscription(Name);

        Broker.DetachSubscription(Name);

        Assert.True(subscription.IsDetached);
        Assert.Equal(0, subscription.BacklogCount());
        Assert.False(subscription.HasAvailableMessages());
    }

    [Fact]
    public void Detach_Subscription_StillExistsButIsNotListedOnTheTopic()
    {
        Broker.DetachSubscription(Name);

        Assert.True(Broker.GetSubscription(Name).IsDetached);
        Assert.Empty(Broker.ListTopicSubscriptions("projects/p/topics/orders", 0, "").Items);
        Assert.False(Broker.IsCurrent(Broker.GetSubscription(Name)));
    }

    [Fact]
    public void Detach_Twice_IsANoOp()
    {
        Broker.DetachSubscription(Name);
        Broker.DetachSubscription(Name);

        Assert.True(Broker.GetSubscription(Name).IsDetached);
    }

    [Fact]
    public void Detach_Missing_ThrowsNotFound()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=gone).", () => Broker.DetachSubscription("projects/p/subscriptions/gone"));
    }

    [Fact]
    public async Task Pull_WaitingWhenDetached_ReturnsEmpty()
    {
        var pull = Broker.PullAsync(Name, 10, returnImmediately: false, CancellationToken.None);
        Assert.False(pull.IsCompleted);

        Broker.DetachSubscription(Name);

        Assert.Empty(await pull.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    public void Dispose() => _harness.Dispose();
}
