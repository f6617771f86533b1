using Tidings.PubSub.ExactlyOnce;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Tests.ExactlyOnce;

/// <summary>A store write failing under an exactly-once ack: TRANSIENT_FAILURE_OTHER, and the retry of the same id succeeds.</summary>
public sealed class FailedAckWriteTests : IDisposable
{
    private readonly HookedStateStore _state = new();
    private readonly BrokerHarness _harness;

    public FailedAckWriteTests()
    {
        _harness = new BrokerHarness(state: _state);
        _harness.CreateTopic("orders");
        _harness.CreateExactlyOnceSubscription("sub", "orders", ackDeadlineSeconds: 60);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Acknowledge_WriteFails_TransientFailureThenRetrySucceeds()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));
        _state.BeforeNextApply(HookedStateStore.IsAckCheckpoint, () => throw new StorageFailedException("disk gone"));

        await ExactlyOnceAssert.FailsWithAsync(() => _harness.AckAsync("sub", pulled), (pulled.AckId.Format(), AckIdFailureCodes.TransientOther));

        await _harness.AckAsync("sub", pulled);
        await ExactlyOnceAssert.FailsWithAsync(() => _harness.AckAsync("sub", pulled), (pulled.AckId.Format(), AckIdFailureCodes.InvalidAckId));
    }
}
