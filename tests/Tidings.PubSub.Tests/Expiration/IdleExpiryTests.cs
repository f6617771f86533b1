using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Expiration;

/// <summary>A subscription inactive for its ttl is deleted as DeleteSubscription deletes it; activity postpones that.</summary>
public sealed class IdleExpiryTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly ExpirationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Idle_DefaultTtl_DeletedAt31DaysNotBefore()
    {
        _harness.CreateSubscription("idle", ExpirationHarness.DefaultTtl);

        _harness.Advance(ExpirationHarness.DefaultTtl - ExpirationHarness.SweepInterval);
        Assert.True(_harness.Exists("idle"));

        _harness.Advance(ExpirationHarness.SweepInterval);
        Assert.False(_harness.Exists("idle"));
    }

    [Fact]
    public async Task Expired_IsDeletedWithItsState_LikeDeleteSubscription()
    {
        var subscription = _harness.CreateSubscription("idle", Day);
        await _harness.Current.PublishAsync("orders", "a", "b");
        var before = _harness.State.LoadAll(PubSubDocuments.AckKind).Count;

        _harness.Advance(Day);

        Assert.False(_harness.Exists("idle"));
        Assert.False(_harness.Broker.IsCurrent(subscription));
        Assert.DoesNotContain(subscription, _harness.Broker.GetTopic(BrokerHarness.TopicName("orders")).Readers);
        Assert.Empty(_harness.State.LoadAll(PubSubDocuments.SubscriptionKind));
        Assert.Equal(before - 1, _harness.State.LoadAll(PubSubDocuments.AckKind).Count);
        Assert.Equal([ActivityDocuments.ClockKey], _harness.ActivityKeys);
        var logged = Assert.Single(_harness.Current.Logger.Entries, entry => entry.EventId.Id == 1501);
        Assert.Contains("projects/p/subscriptions/idle expired", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_NameCanBeUsedAgain_ForANewSubscription()
    {
        _harness.CreateSubscription("idle", Day);
        _harness.Advance(Day);

        var again = _harness.CreateSubscription("idle", Day);

        _harness.Advance(Day - ExpirationHarness.SweepInterval);
        Assert.True(_harness.Broker.IsCurrent(again));
    }

    [Fact]
    public async Task Pull_PostponesExpiry_ByAWholeTtl()
    {
        _harness.CreateSubscription("sub", ExpirationHarness.DefaultTtl);

        _harness.Advance(20 * Day);
        await _harness.Current.PullNowAsync("sub");
        _harness.Advance(30 * Day);
        Assert.True(_harness.Exists("sub"));

        _harness.Advance(Day);
        Assert.False(_harness.Exists("sub"));
    }

    [Fact]
    public async Task AckAndModifyAckDeadline_AreActivity()
    {
        _harness.CreateSubscription("sub", 2 * Day);
        await _harness.Current.PublishAsync("orders", "a", "b");
        var leased = await _harness.Current.PullNowAsync("sub");

        _harness.Advance(Day + TimeSpan.FromHours(12));
        _harness.Current.Nack("sub", leased[0]);
        _harness.Advance(Day + TimeSpan.FromHours(12));
        Assert.True(_harness.Exists("sub"));

        _harness.Current.Ack("sub", leased[1]);
        _harness.Advance(Day + TimeSpan.FromHours(12));
        Assert.True(_harness.Exists("sub"));

        _harness.Advance(Day);
        Assert.False(_harness.Exists("sub"));
    }

    [Fact]
    public void OpenStream_KeepsTheSubscriptionAlive_UntilItCloses()
    {
        var subscription = _harness.CreateSubscription("sub", Day);
        var stream = _harness.Broker.OpenConsumer(subscription, 10, 0, 0);

        _harness.Advance(10 * Day);
        Assert.True(_harness.Exists("sub"));

        stream.Dispose();
        _harness.Advance(Day - ExpirationHarness.SweepInterval);
        Assert.True(_harness.Exists("sub"));
        _harness.Advance(ExpirationHarness.SweepInterval);
        Assert.False(_harness.Exists("sub"));
    }

    [Fact]
    public async Task Publishing_And_GetSubscription_AreNoActivity()
    {
        _harness.CreateSubscription("sub", Day);

        _harness.Advance(Day / 2);
        await _harness.Current.PublishAsync("orders", "a");
        _harness.Broker.GetSubscription(BrokerHarness.SubscriptionName("sub"));
        _harness.Advance(Day / 2);

        Assert.False(_harness.Exists("sub"));
    }

    [Fact]
    public void NeverExpiringPolicy_SurvivesAYearIdle()
    {
        _harness.CreateSubscription("forever", ttl: null);
        _harness.CreateSubscription("default", ExpirationHarness.DefaultTtl);

        _harness.Advance(365 * Day);

        Assert.True(_harness.Exists("forever"));
        Assert.False(_harness.Exists("default"));
    }

    [Fact]
    public void DetachedSubscription_ExpiresToo()
    {
        _harness.CreateSubscription("sub", Day);
        _harness.Broker.DetachSubscription(BrokerHarness.SubscriptionName("sub"));

        _harness.Advance(Day);

        Assert.False(_harness.Exists("sub"));
    }
}
