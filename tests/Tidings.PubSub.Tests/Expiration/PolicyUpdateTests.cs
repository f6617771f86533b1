using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Expiration;

/// <summary>UpdateSubscription changing expiration_policy takes effect at the next sweep; the update itself is activity.</summary>
public sealed class PolicyUpdateTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly string Name = BrokerHarness.SubscriptionName("sub");
    private readonly ExpirationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Update_ToNever_StopsExpiry_AndGetShowsIt()
    {
        _harness.CreateSubscription("sub", ExpirationHarness.DefaultTtl);
        _harness.Advance(30 * Day);

        _harness.Broker.UpdateSubscription(Name, settings => settings with { ExpirationTtl = null });
        _harness.Advance(365 * Day);

        Assert.True(_harness.Exists("sub"));
        Assert.Null(_harness.Broker.GetSubscription(Name).Settings.ExpirationTtl);
    }

    [Fact]
    public void Update_FromNeverToATtl_ExpiresOneTtlAfterTheUpdate()
    {
        _harness.CreateSubscription("sub", ttl: null);
        _harness.Advance(100 * Day);

        _harness.Broker.UpdateSubscription(Name, settings => settings with { ExpirationTtl = 2 * Day });
        Assert.Equal(2 * Day, _harness.Broker.GetSubscription(Name).Settings.ExpirationTtl);

        _harness.Advance(2 * Day - ExpirationHarness.SweepInterval);
        Assert.True(_harness.Exists("sub"));
        _harness.Advance(ExpirationHarness.SweepInterval);
        Assert.False(_harness.Exists("sub"));
    }

    [Fact]
    public void Update_ShorterTtl_CountsFromTheUpdate_NotFromEarlierIdleness()
    {
        _harness.CreateSubscription("sub", ExpirationHarness.DefaultTtl);
        _harness.Advance(10 * Day);

        _harness.Broker.UpdateSubscription(Name, settings => settings with { ExpirationTtl = Day });
        _harness.Advance(ExpirationHarness.SweepInterval);
        Assert.True(_harness.Exists("sub"));

        _harness.Advance(Day);
        Assert.False(_harness.Exists("sub"));
    }

    [Fact]
    public void Update_LongerTtl_KeepsTheSubscriptionPastTheOldOne()
    {
        _harness.CreateSubscription("sub", Day);
        _harness.Advance(Day / 2);

        _harness.Broker.UpdateSubscription(Name, settings => settings with { ExpirationTtl = 5 * Day });
        _harness.Advance(4 * Day);
        Assert.True(_harness.Exists("sub"));

        _harness.Advance(Day);
        Assert.False(_harness.Exists("sub"));
    }

    [Fact]
    public void TtlBeyondTheCalendar_NeverExpires_AndSweepsGoOn()
    {
        _harness.CreateSubscription("sub", TimeSpan.FromDays(365 * 10_000));
        _harness.CreateSubscription("other", Day);

        _harness.Advance(2 * Day);

        Assert.True(_harness.Exists("sub"));
        Assert.False(_harness.Exists("other"));
    }
}
