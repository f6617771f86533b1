using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>
/// Message ordering with a retry policy: a nacked keyed message comes again only after its backoff, the later
/// messages of its key wait with it, and other keys do not wait at all.
/// </summary>
public sealed class OrderedRetryBackoffTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public OrderedRetryBackoffTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("sub", "orders", settings => settings with
        {
            EnableMessageOrdering = true,
            RetryPolicy = new RetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(10), MaximumBackoff = TimeSpan.FromSeconds(60) },
        });
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task NackedKeyedMessage_ItsKeyWaitsOutTheBackoff_OtherKeysDoNot()
    {
        await _harness.PublishKeyedAsync("orders", "a:1", "a:2");
        _harness.Nack("sub", Assert.Single(await _harness.PullNowAsync("sub")));
        await _harness.PublishKeyedAsync("orders", "b:1");

        _harness.Time.Advance(TimeSpan.FromSeconds(9.9));
        var meanwhile = await _harness.PullNowAsync("sub");
        Assert.Equal(["b:1"], meanwhile.Select(BrokerHarness.Text));
        _harness.Ack("sub", meanwhile);

        _harness.Time.Advance(TimeSpan.FromSeconds(0.1));
        var again = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal("a:1", BrokerHarness.Text(again));
        Assert.Equal(2, again.DeliveryAttempt);

        // The second failure doubles the wait.
        _harness.Nack("sub", again);
        _harness.Time.Advance(TimeSpan.FromSeconds(19.9));
        Assert.Empty(await _harness.PullNowAsync("sub"));
        _harness.Time.Advance(TimeSpan.FromSeconds(0.1));
        var third = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal("a:1", BrokerHarness.Text(third));
        Assert.Equal(3, third.DeliveryAttempt);
        _harness.Ack("sub", third);

        Assert.Equal("a:2", BrokerHarness.Text(Assert.Single(await _harness.PullNowAsync("sub"))));
    }
}
