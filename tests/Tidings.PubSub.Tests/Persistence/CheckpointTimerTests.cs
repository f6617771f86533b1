using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>The ack checkpoint timer is armed by a change of ack state only, so an idle server is not woken by it.</summary>
public sealed class CheckpointTimerTests : IDisposable
{
    private static readonly TimeSpan Interval = new PubSubOptions().AckCheckpointInterval;

    private readonly HookedStateStore _state = new();
    private readonly BrokerHarness _harness;
    private TimerCountingTimeProvider? _time;

    public CheckpointTimerTests() =>
        _harness = new BrokerHarness(state: _state, wrapTime: fake => _time = new TimerCountingTimeProvider(fake));

    private TimerCountingTimeProvider Time => _time!;

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Idle_WithASubscriptionAndNoAcks_NoTimerFires()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");

        _harness.Time.Advance(Interval * 20);

        Assert.Equal(0, Time.Fired);
    }

    [Fact]
    public async Task Ack_ArmsOneCheckpointAnIntervalLater_ThenTheTimerRestsAgain()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        await _harness.PublishAsync("orders", "a", "b");
        _harness.Ack("billing", await _harness.PullNowAsync("billing"));
        var firedBefore = Time.Fired;

        _harness.Time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(firedBefore, Time.Fired);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(firedBefore + 1, Time.Fired);
        Assert.Equal(3, SavedFloor());
        _harness.Time.Advance(Interval * 20);
        Assert.Equal(firedBefore + 1, Time.Fired);
    }

    [Fact]
    public async Task Checkpoint_WhenTheStoreWriteFails_IsRetriedAnIntervalLater()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        await _harness.PublishAsync("orders", "a");
        _harness.Ack("billing", await _harness.PullNowAsync("billing"));
        _state.BeforeNextApply(HookedStateStore.IsAckCheckpoint, () => throw new IOException("disk on fire"));

        _harness.Time.Advance(Interval);
        Assert.Equal(1, SavedFloor()); // the creation's state: the failed write saved nothing
        _harness.Time.Advance(Interval);

        Assert.Equal(2, SavedFloor());
    }

    private long SavedFloor() =>
        Assert.Single(_state.LoadAll(PubSubDocuments.AckKind).Select(PubSubDocuments.ReadAckState)).Floor;
}
