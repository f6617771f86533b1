using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>Leases expire at their ack deadline on the (fake) clock and the message is redelivered.</summary>
public sealed class AckDeadlineExpiryTests : IDisposable
{
    private const string Name = "projects/p/subscriptions/sub";
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public AckDeadlineExpiryTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders", ackDeadlineSeconds: 10);
    }

    [Fact]
    public async Task Lease_ClockPastDeadline_Redelivered()
    {
        await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromSeconds(11));

        var second = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal(2, second.DeliveryAttempt);
        Assert.NotEqual(first.AckId, second.AckId);
        Assert.Equal(first.MessageId, second.MessageId);
    }

    [Fact]
    public async Task Lease_ClockExactlyAtDeadline_Redelivered()
    {
        await _harness.PublishAsync("orders", "a");
        Assert.Single(await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Single(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Lease_ClockBeforeDeadline_NotRedelivered()
    {
        await _harness.PublishAsync("orders", "a");
        Assert.Single(await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromSeconds(9));

        Assert.Empty(await _harness.PullNowAsync("sub"));
        Assert.False(_subscription.HasAvailableMessages());
    }

    [Fact]
    public async Task Lease_Expired_WakesWaitingConsumer()
    {
        await _harness.PublishAsync("orders", "a");
        Assert.Single(await _harness.PullNowAsync("sub"));
        var consumer = _subscription.AddConsumer(10, 0, 0);
        var wait = consumer.WaitAsync(TimeSpan.FromMinutes(1), _harness.Time, CancellationToken.None);

        _harness.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(_subscription.HasAvailableMessages());
    }

    [Fact]
    public async Task ModifyAckDeadline_Extends_NotRedeliveredPastOriginalDeadline()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        _harness.Broker.ModifyAckDeadline(Name, [pulled.AckId.Format()], 60);
        _harness.Time.Advance(TimeSpan.FromSeconds(30)); // 35 s: past the original 10 s, before the new 65 s

        Assert.Empty(await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromSeconds(31)); // 66 s
        var redelivered = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal(2, redelivered.DeliveryAttempt);
    }

    [Fact]
    public async Task ModifyAckDeadline_Shortens_RedeliveredAtTheNewDeadline()
    {
        await _harness.PublishAsync("orders", "a");
        var pulled = Assert.Single(await _harness.PullNowAsync("sub"));
        _harness.Broker.ModifyAckDeadline(Name, [pulled.AckId.Format()], 120);

        _harness.Broker.ModifyAckDeadline(Name, [pulled.AckId.Format()], 2);
        _harness.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Single(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Lease_SeveralDeadlines_EachExpiresOnItsOwnTime()
    {
        await _harness.PublishAsync("orders", "a");
        var a = Assert.Single(await _harness.PullNowAsync("sub"));
        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        await _harness.PublishAsync("orders", "b");
        Assert.Single(await _harness.PullNowAsync("sub"));
        _harness.Broker.ModifyAckDeadline(Name, [a.AckId.Format()], 30); // a now due at 35 s, b at 15 s

        _harness.Time.Advance(TimeSpan.FromSeconds(11)); // 16 s

        Assert.Equal(["b"], (await _harness.PullNowAsync("sub")).Select(BrokerHarness.Text));
        _harness.Time.Advance(TimeSpan.FromSeconds(20)); // 36 s: a expired; b's second lease ends at 26 s
        Assert.Equal(["a", "b"], (await _harness.PullNowAsync("sub")).Select(BrokerHarness.Text).Order());
    }

    [Fact]
    public async Task Lease_AckDeadlineFromSettings_UpdatedDeadlineAppliesToNextPull()
    {
        _harness.Broker.UpdateSubscription(Name, settings => settings with { AckDeadlineSeconds = 60 });
        await _harness.PublishAsync("orders", "a");
        Assert.Single(await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await _harness.PullNowAsync("sub"));
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(await _harness.PullNowAsync("sub"));
    }

    public void Dispose() => _harness.Dispose();
}
