using Microsoft.Extensions.Logging;
using Tidings.PubSub.Consumers;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.DeadLetters;

/// <summary>
/// The dead-letter publish is a durable append done outside the subscription's lock, and the original is done only
/// once it succeeded: until then it stays in the backlog (not deliverable); if it fails, the message is delivered again.
/// </summary>
public sealed class DeadLetterDurabilityTests : IDisposable
{
    private readonly InterleavingMessageStore _store = new();
    private readonly BrokerHarness _harness;
    private readonly Subscription _subscription;
    private readonly TaskCompletionSource _appendStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _appendMayFinish = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _lockHeldDuringAppend;

    public DeadLetterDurabilityTests()
    {
        _harness = new BrokerHarness(store: _store);
        _harness.CreateTopic("orders");
        _harness.CreateTopic("dead");
        _harness.CreateSubscription("dead-sub", "dead");
        _subscription = _harness.CreateSubscription("sub", "orders", settings => settings with { DeadLetterPolicy = BrokerHarness.DeadLetters("dead", 5) });
        _store.Logs[1].BeforeAppend = async () =>
        {
            _lockHeldDuringAppend |= _subscription.IsLockHeldByCurrentThread;
            _appendStarted.TrySetResult();
            await _appendMayFinish.Task;
        };
    }

    public void Dispose()
    {
        _appendMayFinish.TrySetResult();
        _harness.Dispose();
    }

    /// <summary>Fails the five attempts; returns the last delivery.</summary>
    private async Task<LeasedMessage> UseUpAttemptsAsync()
    {
        await _harness.PublishAsync("orders", "poison");
        LeasedMessage last = default;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            last = Assert.Single(await _harness.PullNowAsync("sub"));
            _harness.Nack("sub", last);
        }
        return last;
    }

    [Fact]
    public async Task WhileTheDeadLetterIsWritten_OriginalStaysUndeliverableInTheBacklog()
    {
        await UseUpAttemptsAsync();
        await _appendStarted.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(1, _subscription.BacklogCount());
        Assert.Empty(await _harness.PullNowAsync("sub"));
        Assert.False(_lockHeldDuringAppend);

        _appendMayFinish.SetResult();
        await Eventually.TrueAsync(() => _subscription.BacklogCount() == 0, "the original was acked once the dead letter was stored");
        Assert.Single(await _harness.PullNowAsync("dead-sub"));
    }

    [Fact]
    public async Task DeadLetterWriteFails_MessageDeliveredAgain()
    {
        _store.Logs[1].BeforeAppend = () => throw new IOException("disk gone");

        await UseUpAttemptsAsync();

        await Eventually.TrueAsync(() => _subscription.DeadLettersInFlight == 0, "the forward was given up");
        Assert.Equal(6, Assert.Single(await _harness.PullNowAsync("sub")).DeliveryAttempt);
        Assert.Contains(_harness.Logger.Entries, entry => entry.Level == LogLevel.Error && entry.EventId.Id == 1403);
    }

    [Fact]
    public async Task AckedWhileForwarding_IsDoneEvenIfTheForwardFails()
    {
        var last = await UseUpAttemptsAsync();
        await _appendStarted.Task.WaitAsync(TimeSpan.FromSeconds(15));

        _harness.Ack("sub", last);
        _appendMayFinish.SetException(new IOException("disk gone"));

        await Eventually.TrueAsync(() => _harness.Logger.Entries.Any(entry => entry.EventId.Id == 1403), "the forward failed");
        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }
}
