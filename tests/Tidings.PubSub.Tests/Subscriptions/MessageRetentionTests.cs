using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>Messages older than the subscription's message_retention_duration are not delivered (default 7 days).</summary>
public sealed class MessageRetentionTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public MessageRetentionTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders");
    }

    [Fact]
    public async Task Pull_MessageOlderThan7Days_NotDelivered()
    {
        await _harness.PublishAsync("orders", "old");

        _harness.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        Assert.Empty(await _harness.PullNowAsync("sub"));
        Assert.Equal(0, _subscription.BacklogCount());
    }

    [Fact]
    public async Task Pull_MessageJustUnder7Days_Delivered()
    {
        await _harness.PublishAsync("orders", "old");

        _harness.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));

        Assert.Single(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Pull_MixOfExpiredAndFreshMessages_DeliversOnlyFresh()
    {
        await _harness.PublishAsync("orders", "old");
        _harness.Time.Advance(TimeSpan.FromDays(7));
        await _harness.PublishAsync("orders", "fresh");

        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["fresh"], (await _harness.PullNowAsync("sub")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task Redelivery_MessagePastRetentionWhileLeased_NotRedelivered()
    {
        _harness.Broker.UpdateSubscription(_subscription.Name.FullName, settings => settings with { MessageRetentionDuration = TimeSpan.FromMinutes(10), AckDeadlineSeconds = 600 });
        await _harness.PublishAsync("orders", "a");
        Assert.Single(await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        Assert.Empty(await _harness.PullNowAsync("sub"));
        Assert.Equal(0, _subscription.BacklogCount());
    }

    [Fact]
    public async Task Pull_ShortRetention_DropsAfterThatDuration()
    {
        _harness.Broker.CreateSubscription(BrokerHarness.SubscriptionName("short"),
            new SubscriptionSettings { Topic = BrokerHarness.TopicName("orders"), MessageRetentionDuration = TimeSpan.FromMinutes(10) });
        await _harness.PublishAsync("orders", "a");

        _harness.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Empty(await _harness.PullNowAsync("short"));
        Assert.Single(await _harness.PullNowAsync("sub"));
    }

    public void Dispose() => _harness.Dispose();
}
