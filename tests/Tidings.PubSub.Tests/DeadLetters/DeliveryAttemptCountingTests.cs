using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.DeadLetters;

/// <summary>A message's delivery attempt is 1, then 1 + its nacks + its expired ack deadlines, in any mix.</summary>
public sealed class DeliveryAttemptCountingTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public DeliveryAttemptCountingTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateTopic("dead");
        _harness.CreateSubscription("sub", "orders", settings => settings with { DeadLetterPolicy = BrokerHarness.DeadLetters("dead", 20) });
    }

    public void Dispose() => _harness.Dispose();

    private async Task<int> PullAttemptAsync() => Assert.Single(await _harness.PullNowAsync("sub")).DeliveryAttempt;

    [Fact]
    public async Task Nacks_EachRedeliveryCountsOneMore()
    {
        await _harness.PublishAsync("orders", "a");

        var attempts = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var message = Assert.Single(await _harness.PullNowAsync("sub"));
            attempts.Add(message.DeliveryAttempt);
            _harness.Nack("sub", message);
        }

        Assert.Equal([1, 2, 3, 4], attempts);
    }

    [Fact]
    public async Task ExpiredDeadlines_CountLikeNacks()
    {
        await _harness.PublishAsync("orders", "a");

        var attempts = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            attempts.Add(await PullAttemptAsync());
            _harness.Time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal([1, 2, 3], attempts);
    }

    [Fact]
    public async Task NacksAndExpiries_CountTogether()
    {
        await _harness.PublishAsync("orders", "a");

        _harness.Nack("sub", Assert.Single(await _harness.PullNowAsync("sub")));
        Assert.Equal(2, await PullAttemptAsync());
        _harness.Time.Advance(TimeSpan.FromSeconds(10));
        _harness.Nack("sub", Assert.Single(await _harness.PullNowAsync("sub")));

        Assert.Equal(4, await PullAttemptAsync());
    }

    [Fact]
    public async Task ExtendedDeadline_IsNoAttempt()
    {
        await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));

        _harness.Broker.ModifyAckDeadline(BrokerHarness.SubscriptionName("sub"), [first.AckId.Format()], 60);
        _harness.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(await _harness.PullNowAsync("sub"));
        _harness.Nack("sub", first);

        Assert.Equal(2, await PullAttemptAsync());
    }

    [Fact]
    public async Task SeveralMessages_EachCountsItsOwn()
    {
        await _harness.PublishAsync("orders", "a", "b");
        var both = await _harness.PullNowAsync("sub");
        _harness.Nack("sub", both.Where(message => BrokerHarness.Text(message) == "a"));

        var again = Assert.Single(await _harness.PullNowAsync("sub"));
        _harness.Nack("sub", both.Where(message => BrokerHarness.Text(message) == "b"));
        _harness.Nack("sub", again);

        var counts = (await _harness.PullNowAsync("sub")).ToDictionary(BrokerHarness.Text, message => message.DeliveryAttempt);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 2 }, counts);
    }
}
