using Tidings.Delivery;
using Tidings.PubSub.Monitoring;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Monitoring;

/// <summary>Dead-letter and push counts, the last push failure and the push backoff in the statistics.</summary>
public sealed class DeliveryStatisticsTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private SubscriptionStatistics StatisticsOf(string id) =>
        _harness.Broker.GetStatistics().Subscriptions.Single(s => s.Name == BrokerHarness.SubscriptionName(id));

    [Fact]
    public async Task DeadLettered_CountedOnceForwarded()
    {
        _harness.CreateTopic("orders");
        _harness.CreateTopic("dead");
        _harness.CreateSubscription("sub", "orders", settings => settings with { DeadLetterPolicy = BrokerHarness.DeadLetters("dead", 5) });
        await _harness.PublishAsync("orders", "poison");

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            _harness.Nack("sub", Assert.Single(await _harness.PullNowAsync("sub")));
        }

        await Eventually.TrueAsync(() => StatisticsOf("sub").DeadLettered == 1, "the message was forwarded");
        var statistics = StatisticsOf("sub");
        Assert.Equal((5L, 0L, 0L), (statistics.Nacks, statistics.Acks, statistics.BacklogCount));
        Assert.Equal(1, _harness.Broker.GetStatistics().Topics.Single(t => t.TopicId == "dead").MessagesPublished);
    }

    [Fact]
    public async Task Push_CountsByResponseClassAndKeepsTheLastFailure()
    {
        var answers = new Queue<DeliveryResult>([
            FakeDeliverer.Status(503),
            new DeliveryResult(DeliveryOutcome.ConnectionFailed, 0, TimeSpan.Zero, "Connection refused"),
            FakeDeliverer.Status(200),
        ]);
        _harness.Deliverer.Respond = _ => Task.FromResult(answers.Dequeue());
        _harness.CreateTopic("orders");
        _harness.Broker.CreateSubscription(BrokerHarness.SubscriptionName("pusher"), new SubscriptionSettings
        {
            Topic = BrokerHarness.TopicName("orders"),
            PushConfig = new PushConfig { PushEndpoint = "https://receiver.example/push" },
        });
        await _harness.PublishAsync("orders", "hello");

        await Eventually.TrueAsync(() => StatisticsOf("pusher").PushRequests[PushResponseClass.RemoteServer5xx] == 1, "the first push failed");
        var failed = StatisticsOf("pusher");
        Assert.Equal(new PushFailure("HTTP status code 503", _harness.Time.GetUtcNow()), failed.LastPushFailure);
        Assert.Equal(_harness.Time.GetUtcNow() + TimeSpan.FromMilliseconds(100), failed.PushBackoffUntil);

        await StepUntilAsync(() => StatisticsOf("pusher").PushRequests[PushResponseClass.Unreachable] == 1);
        Assert.Equal("ConnectionFailed: Connection refused", StatisticsOf("pusher").LastPushFailure?.Error);

        await StepUntilAsync(() => StatisticsOf("pusher").PushRequests[PushResponseClass.Ack] == 1);
        var done = StatisticsOf("pusher");
        Assert.True(done.IsPush);
        Assert.Equal((1L, 2L, 0L), (done.Acks, done.Nacks, done.BacklogCount));
        Assert.Equal(3, done.PushRequests.Values.Sum());
    }

    /// <summary>Moves the fake clock in steps past the push backoff and the retry policy's wait until the condition holds.</summary>
    private async Task StepUntilAsync(Func<bool> condition) =>
        await Eventually.TrueAsync(() =>
        {
            if (!condition())
            {
                _harness.Time.Advance(TimeSpan.FromMilliseconds(100));
            }
            return condition();
        }, "the next push happened");
}
