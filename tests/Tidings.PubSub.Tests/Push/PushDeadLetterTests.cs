using System.Text.Json;
using Tidings.Delivery;
using Tidings.PubSub.Push;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Push;

/// <summary>
/// The delivery policies apply to pushed messages: the wrapped body carries deliveryAttempt with a dead-letter
/// policy, a push failing every attempt is dead-lettered, and the retry policy's wait applies on top of the push
/// backoff (the longer one decides).
/// </summary>
public sealed class PushDeadLetterTests : IDisposable
{
    private const string Endpoint = "https://receiver.example/push";
    private readonly BrokerHarness _harness = new();
    private bool _failing = true;

    public PushDeadLetterTests()
    {
        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(_failing ? 503 : 200));
        _harness.CreateTopic("orders");
        _harness.CreateTopic("dead");
        _harness.CreateSubscription("dead-sub", "dead");
    }

    public void Dispose() => _harness.Dispose();

    private Subscription CreatePushSubscription(DeadLetterPolicy? deadLetters = null, RetryPolicy? retry = null) =>
        _harness.CreateSubscription("pusher", "orders", settings => settings with
        {
            PushConfig = new PushConfig { PushEndpoint = Endpoint },
            DeadLetterPolicy = deadLetters,
            RetryPolicy = retry,
        });

    private static int? DeliveryAttempt(HttpDeliveryRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        return body.RootElement.TryGetProperty("deliveryAttempt", out var attempt) ? attempt.GetInt32() : null;
    }

    /// <summary>Waits for the push backoff after a failure and moves the clock to its end.</summary>
    private async Task SkipPushBackoffAsync(PushDispatcher dispatcher)
    {
        DateTimeOffset? until = null;
        await Eventually.TrueAsync(() => (until = dispatcher.BackingOffUntil) is not null, "the dispatcher to back off");
        _harness.Time.Advance(until!.Value - _harness.Time.GetUtcNow());
    }

    [Fact]
    public async Task WithDeadLetterPolicy_WrappedBodyCarriesTheAttempt()
    {
        var subscription = CreatePushSubscription(BrokerHarness.DeadLetters("dead", 10));
        var dispatcher = _harness.Broker.FindPushDispatcher(subscription)!;
        await _harness.PublishAsync("orders", "a");
        await Eventually.TrueAsync(() => _harness.Deliverer.Requests.Count == 1, "the first push");

        _failing = false;
        await SkipPushBackoffAsync(dispatcher);
        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the second push was acked");

        Assert.Equal([1, 2], _harness.Deliverer.Requests.Select(DeliveryAttempt));
    }

    [Fact]
    public async Task FailingEveryAttempt_DeadLetteredAfterTheFifthPush()
    {
        var subscription = CreatePushSubscription(BrokerHarness.DeadLetters("dead", 5));
        var dispatcher = _harness.Broker.FindPushDispatcher(subscription)!;
        await _harness.PublishAsync("orders", "poison");

        for (var pushes = 1; pushes < 5; pushes++)
        {
            await Eventually.TrueAsync(() => _harness.Deliverer.Requests.Count == pushes, $"push {pushes}");
            await SkipPushBackoffAsync(dispatcher);
        }

        await Eventually.TrueAsync(async () => (await _harness.PullNowAsync("dead-sub")).Count == 1, "the dead letter");
        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the original was acked");
        Assert.Equal([1, 2, 3, 4, 5], _harness.Deliverer.Requests.Select(DeliveryAttempt));
    }

    [Fact]
    public async Task RetryPolicyLongerThanThePushBackoff_TheRetryWaitDecides()
    {
        var subscription = CreatePushSubscription(retry: new RetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(30), MaximumBackoff = TimeSpan.FromSeconds(60) });
        var dispatcher = _harness.Broker.FindPushDispatcher(subscription)!;
        await _harness.PublishAsync("orders", "a");
        await Eventually.TrueAsync(() => _harness.Deliverer.Requests.Count == 1, "the first push");
        // The failed push pauses the dispatcher before it nacks: the nack must read the clock (start of the retry
        // wait) before the test moves it past the pause.
        await Eventually.TrueAsync(() => subscription.Counters.Nacks == 1, "the failed push nacked");
        _failing = false;

        await SkipPushBackoffAsync(dispatcher); // 100 ms: the push pause is over, the retry wait is not
        _harness.Time.Advance(TimeSpan.FromSeconds(29.8));
        Assert.False(subscription.HasAvailableMessages());
        Assert.Single(_harness.Deliverer.Requests);

        _harness.Time.Advance(TimeSpan.FromSeconds(0.1));
        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the push after the retry wait");
        Assert.Equal([null, null], _harness.Deliverer.Requests.Select(DeliveryAttempt)); // no dead-letter policy: no attempt
    }

    [Fact]
    public async Task SwitchedToPullMidPush_TheCutShortPushIsNoAttempt()
    {
        var hanging = new TaskCompletionSource<DeliveryResult>();
        _harness.Deliverer.Respond = _ => hanging.Task;
        var subscription = CreatePushSubscription(BrokerHarness.DeadLetters("dead", 5));
        var dispatcher = _harness.Broker.FindPushDispatcher(subscription)!;
        await _harness.PublishAsync("orders", "a");
        await Eventually.TrueAsync(() => dispatcher.InFlight == 1, "the push in flight");

        _harness.Broker.ModifyPushConfig(BrokerHarness.SubscriptionName("pusher"), null);
        await Eventually.TrueAsync(() => dispatcher.HasStopped && dispatcher.InFlight == 0, "the dispatcher to stop");

        Assert.Equal(1, Assert.Single(await _harness.PullNowAsync("pusher")).DeliveryAttempt);
    }
}
