using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Seek;

/// <summary>A seek is answered only once its ack state is saved: a crash right after it keeps the seek's result.</summary>
public sealed class SeekDurabilityTests : IDisposable
{
    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private readonly List<BrokerHarness> _opened = [];

    [Fact]
    public async Task Seek_CrashRightAfter_ReplayedMessagesSurvive()
    {
        var harness = Open(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var start = harness.Time.GetUtcNow();
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders", settings => settings with { RetainAckedMessages = true, MessageRetentionDuration = TimeSpan.FromHours(1) });
        await harness.PublishAsync("orders", "a", "b");
        harness.Ack("sub", await harness.PullNowAsync("sub"));
        harness.Broker.CheckpointAcks();

        await harness.Broker.SeekAsync(BrokerHarness.SubscriptionName("sub"), start);
        // Crash: the old broker writes nothing more (its checkpoint timer is on a clock nobody moves).
        var restarted = Open(harness.Time.GetUtcNow() + TimeSpan.FromSeconds(5));

        Assert.Equal(["a", "b"], (await restarted.PullNowAsync("sub")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task SeekToFuture_CrashRightAfter_BacklogStaysEmpty()
    {
        var harness = Open(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        harness.CreateTopic("orders");
        harness.CreateSubscription("sub", "orders");
        await harness.PublishAsync("orders", "a", "b");
        harness.Broker.CheckpointAcks();

        await harness.Broker.SeekAsync(BrokerHarness.SubscriptionName("sub"), harness.Time.GetUtcNow() + TimeSpan.FromHours(1));
        var restarted = Open(harness.Time.GetUtcNow() + TimeSpan.FromSeconds(5));

        Assert.Empty(await restarted.PullNowAsync("sub"));
    }

    private BrokerHarness Open(DateTimeOffset now)
    {
        var harness = new BrokerHarness(new PubSubOptions(), _messages, _state, now);
        _opened.Add(harness);
        return harness;
    }

    public void Dispose()
    {
        foreach (var harness in Enumerable.Reverse(_opened))
        {
            harness.Dispose();
        }
    }
}
