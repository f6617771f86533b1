using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>
/// The ack checkpointer and admin calls share no lock: while one is inside a slow store write, the other finishes.
/// </summary>
public sealed class CheckpointerLockTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly HookedStateStore _state = new();
    private readonly BrokerHarness _harness;
    private readonly ManualResetEventSlim _writing = new();
    private readonly ManualResetEventSlim _release = new();

    public CheckpointerLockTests() => _harness = new BrokerHarness(state: _state);

    public void Dispose()
    {
        _release.Set();
        _harness.Dispose();
        _writing.Dispose();
        _release.Dispose();
    }

    private void HoldInWrite()
    {
        _writing.Set();
        Assert.True(_release.Wait(Deadline), "the held write was never released");
    }

    [Fact]
    public async Task AdminCalls_WhileACheckpointIsWriting_Complete()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        _harness.CreateSubscription("audit", "orders");
        await _harness.PublishAsync("orders", "a");
        _harness.Ack("billing", await _harness.PullNowAsync("billing"));
        _state.BeforeNextApply(HookedStateStore.IsAckCheckpoint, HoldInWrite);
        var checkpoint = Task.Run(_harness.Broker.CheckpointAcks);
        Assert.True(_writing.Wait(Deadline), "the checkpoint never wrote");

        var admin = Task.Run(() =>
        {
            _harness.CreateTopic("invoices");
            _harness.CreateSubscription("invoices-reader", "invoices");
            _harness.Broker.DeleteSubscription(BrokerHarness.SubscriptionName("audit"));
        });

        await admin.WaitAsync(Deadline);
        Assert.False(checkpoint.IsCompleted);
        _release.Set();
        await checkpoint.WaitAsync(Deadline);
    }

    [Fact]
    public async Task Checkpoint_WhileCreateTopicIsWriting_Completes()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        await _harness.PublishAsync("orders", "a");
        _harness.Ack("billing", await _harness.PullNowAsync("billing"));
        _state.BeforeNextApply(HookedStateStore.Puts(PubSubDocuments.TopicKind), HoldInWrite);
        var create = Task.Run(() => _harness.CreateTopic("invoices"));
        Assert.True(_writing.Wait(Deadline), "CreateTopic never wrote");

        await Task.Run(_harness.Broker.CheckpointAcks).WaitAsync(Deadline);

        var floor = Assert.Single(_state.LoadAll(PubSubDocuments.AckKind).Select(PubSubDocuments.ReadAckState)).Floor;
        Assert.Equal(2, floor);
        Assert.False(create.IsCompleted);
        _release.Set();
        await create.WaitAsync(Deadline);
    }
}
