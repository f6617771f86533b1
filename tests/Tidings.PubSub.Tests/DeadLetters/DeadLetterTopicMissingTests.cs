using Microsoft.Extensions.Logging;
using Tidings.PubSub.DeadLetters;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.DeadLetters;

/// <summary>
/// A dead-letter topic deleted after the policy was set loses nothing: the message stays in its subscription and is
/// delivered again (as Google keeps delivering what it cannot forward); its next failure forwards it once the topic
/// exists again.
/// </summary>
public sealed class DeadLetterTopicMissingTests : IDisposable
{
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;

    public DeadLetterTopicMissingTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateTopic("dead");
        _subscription = _harness.CreateSubscription("sub", "orders", settings => settings with { DeadLetterPolicy = BrokerHarness.DeadLetters("dead", 5) });
        _harness.Broker.DeleteTopic(BrokerHarness.TopicName("dead"));
    }

    public void Dispose() => _harness.Dispose();

    private async Task NackFiveTimesAsync()
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            _harness.Nack("sub", Assert.Single(await _harness.PullNowAsync("sub")));
        }
    }

    [Fact]
    public async Task LastAttemptFails_MessageIsDeliveredAgainAndTheFailureLogged()
    {
        await _harness.PublishAsync("orders", "poison");

        await NackFiveTimesAsync();

        await Eventually.TrueAsync(() => _subscription.DeadLettersInFlight == 0, "the forward was given up");
        var again = Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Equal("poison", BrokerHarness.Text(again));
        Assert.Equal(6, again.DeliveryAttempt);
        Assert.Equal(1, _subscription.BacklogCount());
        Assert.Contains(_harness.Logger.Entries, entry => entry.Level == LogLevel.Warning && entry.EventId.Id == 1402);
    }

    [Fact]
    public async Task TopicCreatedAgain_NextFailureForwards()
    {
        await _harness.PublishAsync("orders", "poison");
        await NackFiveTimesAsync();
        await Eventually.TrueAsync(() => _subscription.DeadLettersInFlight == 0, "the forward was given up");

        _harness.CreateTopic("dead");
        _harness.CreateSubscription("dead-sub", "dead");
        _harness.Nack("sub", Assert.Single(await _harness.PullNowAsync("sub")));

        await Eventually.TrueAsync(async () => (await _harness.PullNowAsync("dead-sub")) is [var dead]
            && dead.Message.Attributes.Contains(KeyValuePair.Create(DeadLetterMessage.DeliveryCountAttribute, "6")), "the message was forwarded");
        await Eventually.TrueAsync(() => _subscription.BacklogCount() == 0, "the original was acked");
    }
}
