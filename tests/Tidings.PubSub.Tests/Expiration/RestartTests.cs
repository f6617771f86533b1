using Tidings.PubSub.Persistence;
using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Expiration;

/// <summary>
/// The last activity survives restarts: a restart is no activity, the time the server was down is no inactivity,
/// and a crash loses at most the hour an activity waits to be saved.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Ttl = ExpirationHarness.DefaultTtl;
    private readonly ExpirationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Restart_IsNoActivity_IdleTimeBeforeItCounts()
    {
        _harness.CreateSubscription("idle", Ttl);
        _harness.Advance(20 * Day);

        _harness.Restart(downtime: TimeSpan.FromMinutes(5));

        _harness.Advance(11 * Day - ExpirationHarness.SweepInterval);
        Assert.True(_harness.Exists("idle"));
        _harness.Advance(ExpirationHarness.SweepInterval);
        Assert.False(_harness.Exists("idle"));
    }

    [Fact]
    public void FrequentRestarts_DoNotKeepAnIdleSubscriptionAlive()
    {
        _harness.CreateSubscription("idle", Ttl);

        for (var run = 0; run < 31; run++)
        {
            _harness.Advance(Day);
            _harness.Restart(downtime: TimeSpan.FromMinutes(1));
        }

        Assert.False(_harness.Exists("idle"));
    }

    [Fact]
    public async Task Restart_ActiveSubscription_IsNotExpiredAfterALongDowntime()
    {
        _harness.CreateSubscription("active", Ttl);
        _harness.Advance(20 * Day);
        await _harness.Current.PullNowAsync("active");

        _harness.Restart(downtime: 60 * Day);

        Assert.True(_harness.Exists("active"));
        _harness.Advance(Ttl - ExpirationHarness.SweepInterval);
        Assert.True(_harness.Exists("active"));
        _harness.Advance(ExpirationHarness.SweepInterval);
        Assert.False(_harness.Exists("active"));
    }

    [Fact]
    public async Task Crash_KeepsTheLastActivitySavedAtASweep()
    {
        _harness.CreateSubscription("sub", Ttl);
        _harness.Advance(10 * Day);
        await _harness.Current.PullNowAsync("sub"); // saved by the next sweep: it moved by more than an hour
        _harness.Advance(TimeSpan.FromHours(5));

        _harness.Crash(downtime: 3 * Day);

        // 5 hours of the ttl were used before the crash: the sweeps since the pull saved the activity and the clock.
        _harness.Advance(Ttl - TimeSpan.FromHours(5) - ExpirationHarness.SweepInterval);
        Assert.True(_harness.Exists("sub"));
        _harness.Advance(ExpirationHarness.SweepInterval);
        Assert.False(_harness.Exists("sub"));
    }

    [Fact]
    public void Restart_NeverExpiringAndUpdatedPolicies_AreKept()
    {
        _harness.CreateSubscription("forever", ttl: null);
        _harness.Restart(downtime: Day);

        _harness.Advance(100 * Day);

        Assert.True(_harness.Exists("forever"));
    }

    [Fact]
    public void Restart_SubscriptionWithoutActivityRecord_CountsAsActiveAtStartUp()
    {
        var subscription = _harness.CreateSubscription("old", Ttl);
        _harness.Advance(20 * Day);
        _harness.Current.Dispose();
        // As a data directory written before expiration was enforced: no activity records at all.
        _harness.State.Apply([.. _harness.State.LoadAll(ActivityDocuments.ActivityKind).Select(d => StateChange.Delete(d.Kind, d.Key))]);

        _harness.Crash(downtime: TimeSpan.FromMinutes(1));

        _harness.Advance(Ttl - ExpirationHarness.SweepInterval);
        Assert.True(_harness.Exists("old"));
        _harness.Advance(ExpirationHarness.SweepInterval);
        Assert.False(_harness.Exists("old"));
        Assert.NotNull(subscription);
    }

    [Fact]
    public void Restart_ActivityRecordOfADeletedSubscription_IsDeleted()
    {
        _harness.CreateSubscription("gone", Ttl);
        _harness.Current.Dispose();
        // A crash between deleting the subscription and its activity record (or an older build deleting it).
        _harness.State.Apply([StateChange.Delete(PubSubDocuments.SubscriptionKind, "projects/p/subscriptions/gone")]);

        _harness.Crash(downtime: TimeSpan.FromMinutes(1));
        _harness.Broker.CheckpointAcks();

        Assert.Equal([ActivityDocuments.ClockKey], _harness.ActivityKeys);
    }
}
