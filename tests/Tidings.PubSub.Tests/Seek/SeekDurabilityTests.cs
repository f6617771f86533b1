using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Seek;

/// <summary>A seek is answered only once its ack state is saved: a crash right after it keeps the seek's result.</summary>
public sealed class SeekDurabilityTests : IDisposable
{
    private readonly RestartingBroker _broker = new();

    [Fact]
    public async Task Seek_CrashRightAfter_ReplayedMessagesSurvive()
    {
        var harness = _broker.Current;
        var start = harness.Time.GetUtcNow();
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders", settings => settings with { RetainAckedMessages = true, MessageRetentionDuration = TimeSpan.FromHours(1) });
        await harness.PublishAsync("orders", "a", "b");
        harness.Ack("sub", await harness.PullNowAsync("sub"));
        harness.Broker.CheckpointAcks();

        await harness.Broker.SeekAsync(BrokerHarness.SubscriptionName("sub"), start);
        // Crash: the old broker writes nothing more (its checkpoint timer is on a clock nobody moves).
        _broker.Crash(TimeSpan.FromSeconds(5));
        var restarted = _broker.Current;

        Assert.Equal(["a", "b"], (await restarted.PullNowAsync("sub")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task SeekToFuture_CrashRightAfter_BacklogStaysEmpty()
    {
        var harness = _broker.Current;
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders");
        await harness.PublishAsync("orders", "a", "b");
        harness.Broker.CheckpointAcks();

        await harness.Broker.SeekAsync(BrokerHarness.SubscriptionName("sub"), harness.Time.GetUtcNow() + TimeSpan.FromHours(1));
        _broker.Crash(TimeSpan.FromSeconds(5));
        var restarted = _broker.Current;

        Assert.Empty(await restarted.PullNowAsync("sub"));
    }

    public void Dispose() => _broker.Dispose();
}
