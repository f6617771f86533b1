using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>
/// DetachSubscription racing DeleteSubscription. Regression: Detach looked the subscription up before taking the
/// registry lock, so when Delete won the lock it found the deleted subscription anyway, wrote it back to the state
/// store as detached, and the subscription came back after a restart.
/// </summary>
public sealed class DetachDeleteRaceTests : IDisposable
{
    private const string Name = "projects/p/subscriptions/sub";
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);
    private readonly InMemoryMessageStore _messages = new();
    private readonly GatedStateStore _state = new();
    private BrokerHarness _harness;

    public DetachDeleteRaceTests()
    {
        _harness = new BrokerHarness(store: _messages, state: _state);
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders");
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Detach_WhileDeleteHoldsTheRegistry_FailsAndTheSubscriptionStaysDeleted()
    {
        // Delete parks inside its state write, holding the registry lock, before it forgets the subscription.
        _state.HoldNext(changes => changes.Any(change => change.Key == Name && change.Value is null));
        var deleting = Task.Run(() => _harness.Broker.DeleteSubscription(Name));
        Assert.True(_state.WaitUntilHeld(HangGuard), "Delete reached its state write");

        // Detach starts meanwhile and blocks on the registry lock.
        Exception? detachError = null;
        var detacher = new Thread(() => detachError = Record.Exception(() => _harness.Broker.DetachSubscription(Name)));
        detacher.Start();
        var deadline = Environment.TickCount64 + (long)HangGuard.TotalMilliseconds;
        while ((detacher.ThreadState & ThreadState.WaitSleepJoin) == 0 && detacher.IsAlive)
        {
            Assert.True(Environment.TickCount64 < deadline, "Detach blocked on the registry lock");
            await Task.Delay(1);
        }

        _state.Open();
        await deleting.WaitAsync(HangGuard);
        Assert.True(detacher.Join(HangGuard), "Detach finished");

        var error = Assert.IsType<TidingsException>(detachError);
        Assert.Equal(ErrorCode.NotFound, error.Code);
        _harness.Dispose();
        _harness = new BrokerHarness(store: _messages, state: _state, now: _harness.Time.GetUtcNow().AddMinutes(1));
        PubSubAssert.Throws(ErrorCode.NotFound, () => _harness.Broker.GetSubscription(Name));
    }
}
