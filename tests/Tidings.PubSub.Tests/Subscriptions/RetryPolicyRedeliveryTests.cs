using Tidings.PubSub.Consumers;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>
/// With a retry policy a nacked or expired message waits out its backoff in the broker (a timer wakes the receivers
/// when it ends) and no other message waits with it.
/// </summary>
public sealed class RetryPolicyRedeliveryTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public RetryPolicyRedeliveryTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateSubscription("sub", "orders", settings => settings with
        {
            RetryPolicy = new RetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(10), MaximumBackoff = TimeSpan.FromSeconds(60) },
        });
    }

    public void Dispose() => _harness.Dispose();

    /// <summary>Moves the clock a second at a time until the message can be pulled; returns it and how long that took.</summary>
    private async Task<(LeasedMessage Message, TimeSpan Waited)> WaitForRedeliveryAsync()
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            if (await _harness.PullNowAsync("sub") is [var message])
            {
                return (message, waited);
            }
            Assert.True(waited < TimeSpan.FromMinutes(5), "the message never came back");
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
            waited += TimeSpan.FromSeconds(1);
        }
    }

    [Fact]
    public async Task Nacked_NotDeliveredBeforeTheMinimumBackoff()
    {
        await _harness.PublishAsync("orders", "a");
        _harness.Nack("sub", await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Empty(await _harness.PullNowAsync("sub"));
        Assert.False(_subscription.HasAvailableMessages());

        _harness.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(2, Assert.Single(await _harness.PullNowAsync("sub")).DeliveryAttempt);
    }

    [Fact]
    public async Task RepeatedNacks_GapsGrowNeverShrinkAndStopAtTheMaximum()
    {
        await _harness.PublishAsync("orders", "a");
        var message = Assert.Single(await _harness.PullNowAsync("sub"));
        var gaps = new List<double>();

        for (var i = 0; i < 6; i++)
        {
            _harness.Nack("sub", message);
            (message, var waited) = await WaitForRedeliveryAsync();
            gaps.Add(waited.TotalSeconds);
        }

        Assert.Equal([10, 20, 40, 60, 60, 60], gaps);
    }

    [Fact]
    public async Task ExpiredLease_WaitsTheBackoffFromTheExpiry()
    {
        await _harness.PublishAsync("orders", "a");
        Assert.Single(await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromSeconds(10)); // ack deadline passes
        Assert.Empty(await _harness.PullNowAsync("sub"));
        _harness.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await _harness.PullNowAsync("sub"));

        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task BackingOffMessage_DelaysNoOtherMessage()
    {
        await _harness.PublishAsync("orders", "a");
        _harness.Nack("sub", await _harness.PullNowAsync("sub"));

        await _harness.PublishAsync("orders", "b");

        Assert.Equal(["b"], (await _harness.PullNowAsync("sub")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task TwoBackoffs_EachMessageComesBackOnItsOwnTime()
    {
        await _harness.PublishAsync("orders", "a", "b");
        var both = await _harness.PullNowAsync("sub");
        var a = both.Single(message => BrokerHarness.Text(message) == "a");
        var b = both.Single(message => BrokerHarness.Text(message) == "b");
        _harness.Nack("sub", a);
        _harness.Time.Advance(TimeSpan.FromSeconds(10));
        _harness.Nack("sub", Assert.Single(await _harness.PullNowAsync("sub"))); // a's second failure: 20 s, due at 30 s
        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        _harness.Nack("sub", b); // b's first failure: 10 s, due at 25 s

        _harness.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["b"], (await _harness.PullNowAsync("sub")).Select(BrokerHarness.Text));
        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["a"], (await _harness.PullNowAsync("sub")).Select(BrokerHarness.Text));
    }

    [Fact]
    public async Task WaitingReceiver_WokenWhenTheBackoffEnds()
    {
        await _harness.PublishAsync("orders", "a");
        _harness.Nack("sub", await _harness.PullNowAsync("sub"));
        var consumer = _subscription.AddConsumer(10, 0, 0);
        var wait = consumer.WaitAsync(TimeSpan.FromMinutes(5), _harness.Time, CancellationToken.None);

        _harness.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.True(_subscription.HasAvailableMessages());
    }
}
