using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.ExactlyOnce;

/// <summary>The lease-deadline record of an exactly-once subscription is written with its ack state and goes with it.</summary>
public sealed class LeaseStateLifecycleTests : IDisposable
{
    private readonly InMemoryStateStore _state = new();
    private readonly BrokerHarness _harness;

    public LeaseStateLifecycleTests()
    {
        _harness = new BrokerHarness(state: _state);
        _harness.CreateTopic("orders");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Modack_ExactlyOnce_WritesTheLeaseRecord()
    {
        _harness.CreateExactlyOnceSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));

        await _harness.ModAckAsync("sub", 30, pulled);

        var (_, leases) = PubSubDocuments.ReadLeaseState(Assert.Single(_state.LoadAll(PubSubDocuments.LeaseKind)));
        var lease = Assert.Single(leases);
        Assert.Equal(pulled.AckId.Sequence, lease.Sequence);
        Assert.Equal(_harness.Time.GetUtcNow().AddSeconds(30).ToUnixTimeMilliseconds(), lease.DeadlineUnixMilliseconds);
    }

    [Fact]
    public async Task DeleteSubscription_ExactlyOnce_LeaseRecordGoesToo()
    {
        _harness.CreateExactlyOnceSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a");
        await _harness.ModAckAsync("sub", 30, await _harness.PullNowAsync("sub"));

        _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("sub"));

        Assert.Empty(_state.LoadAll(PubSubDocuments.LeaseKind));
        Assert.Empty(_state.LoadAll(PubSubDocuments.AckKind));
    }

    [Fact]
    public async Task Acks_WithoutExactlyOnce_NoLeaseRecord()
    {
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a");
        _harness.Ack("sub", await _harness.PullNowAsync("sub"));

        _harness.Broker.CheckpointAcks();

        Assert.Empty(_state.LoadAll(PubSubDocuments.LeaseKind));
    }
}
