using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;
using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>
/// A subscription deleted or detached while a checkpoint is writing its ack state: the checkpoint must not bring
/// the deleted one's state back, and what a restart finds is what the calls left.
/// </summary>
public sealed class CheckpointDeleteRaceTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly InMemoryMessageStore _messages = new();
    private readonly HookedStateStore _state = new();
    private BrokerHarness _harness;

    public CheckpointDeleteRaceTests() => _harness = new BrokerHarness(store: _messages, state: _state);

    public void Dispose() => _harness.Dispose();

    private IEnumerable<long> AckStateIds() => _state.LoadAll(PubSubDocuments.AckKind).Select(d => PubSubDocuments.ReadAckState(d).SubscriptionId);

    /// <summary>Creates billing and audit on orders with one message acked on billing, so a checkpoint has work.</summary>
    private async Task<(long Billing, long Audit)> ArrangeAsync()
    {
        _harness.CreateTopic("orders");
        var billing = _harness.CreateSubscription("billing", "orders");
        var audit = _harness.CreateSubscription("audit", "orders");
        await _harness.PublishAsync("orders", "a");
        _harness.Ack("billing", await _harness.PullNowAsync("billing"));
        return (billing.Id, audit.Id);
    }

    /// <summary>Runs the call on another thread and waits for it, as a concurrent admin request would.</summary>
    private static void OnOtherThread(Action call) => Assert.True(Task.Run(call).Wait(Deadline), "the call did not complete");

    [Fact]
    public async Task DeleteSubscription_BeforeTheCheckpointWritesItsState_LeavesNoAckState()
    {
        var (billing, audit) = await ArrangeAsync();
        _state.BeforeNextApply(HookedStateStore.IsAckCheckpoint,
            () => OnOtherThread(() => _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("billing"))));

        _harness.Broker.CheckpointAcks();

        Assert.Equal([audit], AckStateIds());
        Assert.DoesNotContain(_state.LoadAll(PubSubDocuments.SubscriptionKind), d => d.Key == BrokerHarness.SubscriptionName("billing"));
        Assert.NotEqual(audit, billing);
    }

    [Fact]
    public async Task DeleteSubscription_RightAfterTheCheckpointWroteItsState_LeavesNoAckState()
    {
        var (_, audit) = await ArrangeAsync();
        _state.AfterNextApply(HookedStateStore.IsAckCheckpoint,
            () => OnOtherThread(() => _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("billing"))));

        _harness.Broker.CheckpointAcks();

        Assert.Equal([audit], AckStateIds());
    }

    [Fact]
    public async Task DeleteSubscription_RacingACheckpoint_StaysDeletedAfterRestart()
    {
        await ArrangeAsync();
        _state.BeforeNextApply(HookedStateStore.IsAckCheckpoint,
            () => OnOtherThread(() => _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("billing"))));
        _harness.Broker.CheckpointAcks();

        _harness.Dispose();
        _harness = new BrokerHarness(store: _messages, state: _state);

        PubSubAssert.Throws(ErrorCode.NotFound, () => _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("billing")));
        Assert.Equal(["a"], (await _harness.PullNowAsync("audit")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task DetachSubscription_RacingACheckpoint_IsDetachedWithNoBacklogAfterRestart()
    {
        await ArrangeAsync();
        await _harness.PublishAsync("orders", "b");
        _harness.Ack("audit", await _harness.PullNowAsync("audit"));
        _state.BeforeNextApply(HookedStateStore.IsAckCheckpoint,
            () => OnOtherThread(() => _harness.Broker.DetachSubscription(BrokerHarness.SubscriptionName("billing"))));
        _harness.Broker.CheckpointAcks();

        _harness.Dispose();
        _harness = new BrokerHarness(store: _messages, state: _state);

        var billing = _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("billing"));
        Assert.True(billing.IsDetached);
        Assert.Equal(0, billing.BacklogCount());
    }

    [Fact]
    public void Recovery_AckStateWithoutSubscription_IsRemovedByTheFirstCheckpoint()
    {
        _harness.CreateTopic("orders");
        var kept = _harness.CreateSubscription("billing", "orders").Id;
        _state.Apply([PubSubDocuments.PutAckState(kept + 100, 1, [], [])]);
        _harness.Dispose();

        _harness = new BrokerHarness(store: _messages, state: _state);
        _harness.Broker.CheckpointAcks();

        Assert.Equal([kept], AckStateIds());
    }
}
