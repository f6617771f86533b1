using Tidings.PubSub.ExactlyOnce;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.ExactlyOnce;

/// <summary>
/// An exactly-once ack is answered only once the ack state holding it is in the store; acks arriving while a write
/// is under way share the next one; a failed write answers TRANSIENT and the client's retry succeeds.
/// </summary>
public sealed class DurableAckTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly GatedStateStore _gated = new();
    private readonly RecordingStateStore _recorded;
    private readonly BrokerHarness _harness;

    public DurableAckTests()
    {
        _recorded = new RecordingStateStore(_gated);
        _harness = new BrokerHarness(state: _recorded);
        _harness.CreateTopic("orders");
        _harness.CreateExactlyOnceSubscription("sub", "orders", ackDeadlineSeconds: 60);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Acknowledge_StoreWriteHeld_AnsweredOnlyAfterTheWriteHoldingTheAck()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));
        _gated.HoldNext(HookedStateStore.IsAckCheckpoint);

        var ack = _harness.AckAsync("sub", pulled);

        Assert.True(_gated.WaitUntilHeld(Patience));
        Assert.False(ack.IsCompleted);
        _gated.Open();
        await ack.WaitAsync(Patience);
        var write = _recorded.Batches.Last(HookedStateStore.IsAckCheckpoint);
        var put = write.First(change => change.Kind == PubSubDocuments.AckKind);
        var saved = PubSubDocuments.ReadAckState(new(put.Kind, put.Key, put.Value!.Value.ToArray()));
        Assert.True(saved.Floor > pulled.AckId.Sequence || saved.AckedAbove.Contains(pulled.AckId.Sequence));
    }

    [Fact]
    public async Task Acknowledge_ManyWhileAWriteIsUnderWay_OneFurtherWriteServesThemAll()
    {
        await _harness.PublishManyAsync("orders", 21);
        var pulled = await _harness.PullNowAsync("sub", maxMessages: 21);
        _gated.HoldNext(HookedStateStore.IsAckCheckpoint);
        var first = _harness.AckAsync("sub", pulled[0]);
        Assert.True(_gated.WaitUntilHeld(Patience));
        var writesBefore = _recorded.Batches.Count;

        var others = pulled.Skip(1).Select(message => _harness.AckAsync("sub", message)).ToArray();
        _gated.Open();
        await Task.WhenAll([first, .. others]).WaitAsync(Patience);

        Assert.Equal(1, _recorded.Batches.Count - writesBefore);
        Assert.Equal(0, _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub")).BacklogCount());
    }

    [Fact]
    public async Task Acknowledge_NoIdValid_WritesNothing()
    {
        await _harness.PublishAsync("orders", "a");
        Assert.Single(await _harness.PullNowAsync("sub"));
        var writesBefore = _recorded.Batches.Count;

        await ExactlyOnceAssert.FailsWithAsync(() => _harness.AckAsync("sub", "garbage"), ("garbage", AckIdFailureCodes.InvalidAckId));

        Assert.Equal(writesBefore, _recorded.Batches.Count);
    }
}
