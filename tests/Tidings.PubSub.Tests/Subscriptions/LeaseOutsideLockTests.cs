using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>
/// The subscription's lock covers bookkeeping only: message bodies are read, and log segments truncated (files
/// deleted), with it released.
/// </summary>
public sealed class LeaseOutsideLockTests : IDisposable
{
    private readonly InterleavingMessageStore _store = new();
    private readonly BrokerHarness _harness;
    private readonly Subscription _subscription;
    private readonly List<string> _underLock = [];
    private int _reads;
    private int _truncations;

    public LeaseOutsideLockTests()
    {
        _harness = new BrokerHarness(store: _store);
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders");
        var log = _store.Logs[0];
        log.BeforeRead = sequence =>
        {
            _reads++;
            if (_subscription.IsLockHeldByCurrentThread)
            {
                _underLock.Add($"read of {sequence}");
            }
        };
        log.BeforeTruncate = sequence =>
        {
            _truncations++;
            if (_subscription.IsLockHeldByCurrentThread)
            {
                _underLock.Add($"truncation before {sequence}");
            }
        };
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Lease_ReadsMessageBodies_WithoutTheLock()
    {
        await _harness.PublishAsync("orders", "a", "b", "c");

        var pulled = await _harness.PullNowAsync("sub");
        _harness.Broker.ModifyAckDeadline(_subscription.Name.FullName, [pulled[1].AckId.Format()], 0);
        var redelivered = await _harness.PullNowAsync("sub");

        Assert.Equal(["a", "b", "c"], pulled.Select(BrokerHarness.Text));
        Assert.Equal(["b"], redelivered.Select(BrokerHarness.Text));
        Assert.Equal(4, _reads);
        Assert.Empty(_underLock);
    }

    [Fact]
    public async Task Acknowledge_MovingTheFloorPastATruncationStep_TruncatesWithoutTheLock()
    {
        await _harness.PublishManyAsync("orders", 1500);

        for (var pulled = await _harness.PullNowAsync("sub", 1000); pulled.Count > 0; pulled = await _harness.PullNowAsync("sub", 1000))
        {
            _harness.Ack("sub", pulled);
        }

        Assert.True(_truncations > 0, "acking 1,500 messages should have truncated the log");
        Assert.True(_store.Logs[0].FirstSequence > 1);
        Assert.Empty(_underLock);
    }

    [Fact]
    public async Task Lease_ExpiredBacklogPastATruncationStep_TruncatesWithoutTheLock()
    {
        await _harness.PublishManyAsync("orders", 1500);
        _harness.Time.Advance(_subscription.Settings.MessageRetentionDuration + TimeSpan.FromMinutes(1));

        Assert.Empty(await _harness.PullNowAsync("sub", 1000));

        Assert.True(_truncations > 0, "expiring 1,500 messages should have truncated the log");
        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Empty(_underLock);
    }
}
