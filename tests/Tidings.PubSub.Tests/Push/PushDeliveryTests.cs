using System.Text;
using System.Text.Json;
using Tidings.Delivery;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Push;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Push;

public sealed class PushDeliveryTests : IDisposable
{
    private const string Endpoint = "https://receiver.example/push";
    private readonly BrokerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private Subscription CreatePushSubscription(PushConfig? config = null)
    {
        _harness.CreateTopic("orders");
        return _harness.Broker.CreateSubscription(BrokerHarness.SubscriptionName("pusher"), new SubscriptionSettings
        {
            Topic = BrokerHarness.TopicName("orders"),
            PushConfig = config ?? new PushConfig { PushEndpoint = Endpoint },
        });
    }

    [Fact]
    public async Task Push_Wrapped_PostsGooglesJsonAndAcksOn200()
    {
        var subscription = CreatePushSubscription();
        var ids = await _harness.Broker.PublishAsync(BrokerHarness.TopicName("orders"),
            [new PublishMessage(Encoding.UTF8.GetBytes("hello"), [KeyValuePair.Create("k", "v")], "")], 0, CancellationToken.None);

        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the push was acked");

        var request = Assert.Single(_harness.Deliverer.Requests);
        Assert.Equal(new Uri(Endpoint), request.Endpoint);
        Assert.Equal("application/json", request.ContentType);
        Assert.Null(request.Oidc);
        Assert.Equal(TimeSpan.FromSeconds(10), request.Timeout);
        var time = PushRequestBuilder.FormatTime((_harness.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10);
        var expected = "{\"message\":{\"attributes\":{\"k\":\"v\"},\"data\":\"aGVsbG8=\",\"messageId\":\"" + ids[0] + "\",\"message_id\":\"" + ids[0]
            + "\",\"publishTime\":\"" + time + "\",\"publish_time\":\"" + time + "\"},\"subscription\":\"projects/p/subscriptions/pusher\"}";
        Assert.Equal(expected, Encoding.UTF8.GetString(request.Body.Span));
    }

    [Fact]
    public async Task Push_NoWrapperWithMetadata_SendsRawDataAndHeaders()
    {
        var subscription = CreatePushSubscription(new PushConfig { PushEndpoint = Endpoint, NoWrapper = new NoWrapper(WriteMetadata: true) });
        var ids = await _harness.Broker.PublishAsync(BrokerHarness.TopicName("orders"),
            [new PublishMessage(Encoding.UTF8.GetBytes("raw"), [KeyValuePair.Create("color", "red")], "key-1")], 0, CancellationToken.None);

        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the push was acked");

        var request = Assert.Single(_harness.Deliverer.Requests);
        Assert.Equal("raw", Encoding.UTF8.GetString(request.Body.Span));
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value);
        Assert.Equal("projects/p/subscriptions/pusher", headers["x-goog-pubsub-subscription-name"]);
        Assert.Equal(ids[0], headers["x-goog-pubsub-message-id"]);
        Assert.EndsWith("Z", headers["x-goog-pubsub-publish-time"]);
        Assert.Equal("key-1", headers["x-goog-pubsub-ordering-key"]);
        Assert.Equal("red", headers["color"]);
    }

    [Fact]
    public async Task Push_NoWrapperWithoutMetadata_SendsNoHeaders()
    {
        var subscription = CreatePushSubscription(new PushConfig { PushEndpoint = Endpoint, NoWrapper = new NoWrapper(WriteMetadata: false) });
        await _harness.PublishAsync("orders", "raw");

        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the push was acked");

        Assert.Empty(Assert.Single(_harness.Deliverer.Requests).Headers);
    }

    [Fact]
    public async Task Push_Oidc_AudienceDefaultsToTheEndpoint()
    {
        var subscription = CreatePushSubscription(new PushConfig { PushEndpoint = Endpoint, OidcToken = new OidcToken("pusher@p.iam.gserviceaccount.com", "") });
        await _harness.PublishAsync("orders", "signed");

        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the push was acked");

        Assert.Equal(new OidcTokenRequest("pusher@p.iam.gserviceaccount.com", Endpoint), Assert.Single(_harness.Deliverer.Requests).Oidc);
    }

    [Theory]
    [InlineData(102)]
    [InlineData(201)]
    [InlineData(202)]
    [InlineData(204)]
    public async Task Push_OtherAckCodes_Ack(int status)
    {
        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(status));
        var subscription = CreatePushSubscription();
        await _harness.PublishAsync("orders", "a");

        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, $"{status} acked the push");
    }

    /// <summary>
    /// Waits until the dispatcher waits out a backoff, and returns until when. The fake deliverer answers at once, so
    /// a failed push has been counted, and its backoff set, before the loop gets back to waiting: once the loop waits
    /// on its backoff, the attempts so far are all there will be until the clock reaches the returned time.
    /// </summary>
    private static async Task<DateTimeOffset> BackingOffAsync(PushDispatcher dispatcher)
    {
        DateTimeOffset? until = null;
        await Eventually.TrueAsync(() => (until = dispatcher.BackingOffUntil) is not null, "the dispatcher to back off");
        return until!.Value;
    }

    [Fact]
    public async Task Push_Failures_BackOffExponentially_ThenRecover()
    {
        var failing = true;
        _harness.Deliverer.Respond = _ => Task.FromResult(failing ? FakeDeliverer.Status(503) : FakeDeliverer.Status(200));
        var subscription = CreatePushSubscription();
        var dispatcher = _harness.Broker.FindPushDispatcher(subscription)!;
        await _harness.PublishAsync("orders", "retry me");
        await Eventually.TrueAsync(() => _harness.Deliverer.Requests.Count == 1, "the first attempt");

        // 100 ms after the first failure, 200 ms after the second, 400 ms after the third: nothing earlier.
        foreach (var (delayMs, attempts) in new[] { (100, 2), (200, 3), (400, 4) })
        {
            var until = await BackingOffAsync(dispatcher);
            Assert.Equal(attempts - 1, _harness.Deliverer.Requests.Count);
            Assert.Equal(_harness.Time.GetUtcNow().AddMilliseconds(delayMs), until);

            _harness.Time.Advance(TimeSpan.FromMilliseconds(delayMs - 1));
            Assert.Equal(until, dispatcher.BackingOffUntil); // its timer is not due, so no attempt can start
            Assert.Equal(attempts - 1, _harness.Deliverer.Requests.Count);

            _harness.Time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.NotEqual(until, dispatcher.BackingOffUntil); // the fake clock ended that wait inside Advance
            await Eventually.TrueAsync(() => _harness.Deliverer.Requests.Count == attempts, $"attempt {attempts} after {delayMs} ms");
        }

        failing = false;
        Assert.Equal(_harness.Time.GetUtcNow().AddMilliseconds(800), await BackingOffAsync(dispatcher));
        _harness.Time.Advance(TimeSpan.FromMilliseconds(800));
        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the endpoint recovered and acked");
    }

    [Fact]
    public async Task Push_EndpointDown_LosesNothing()
    {
        var down = true;
        _harness.Deliverer.Respond = _ => Task.FromResult(down
            ? new DeliveryResult(DeliveryOutcome.ConnectionFailed, 0, TimeSpan.Zero, "refused")
            : FakeDeliverer.Status(200));
        var subscription = CreatePushSubscription();
        var dispatcher = _harness.Broker.FindPushDispatcher(subscription)!;
        await _harness.PublishManyAsync("orders", 50);

        // A quarter of an hour of outage, one backoff step at a time (up to 60 s): the dispatcher keeps trying.
        for (var step = 0; step < 20; step++)
        {
            var until = await BackingOffAsync(dispatcher);
            var attempts = _harness.Deliverer.Requests.Count;
            _harness.Time.Advance(until - _harness.Time.GetUtcNow());
            await Eventually.TrueAsync(() => _harness.Deliverer.Requests.Count > attempts, $"an attempt after backoff step {step + 1}");
        }
        var resumeAt = await BackingOffAsync(dispatcher);
        Assert.Equal(TimeSpan.FromSeconds(60), resumeAt - _harness.Time.GetUtcNow());
        Assert.Equal(50, subscription.BacklogCount());

        down = false;
        _harness.Time.Advance(resumeAt - _harness.Time.GetUtcNow());
        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "every message pushed once the endpoint is up");
    }

    [Fact]
    public async Task ModifyPushConfig_PullToPush_PushesTheBacklog_AndBackToPullStops()
    {
        _harness.CreateTopic("orders");
        var subscription = _harness.CreateSubscription("switcher", "orders");
        await _harness.PublishAsync("orders", "waiting");
        Assert.Null(_harness.Broker.FindPushDispatcher(subscription));

        _harness.Broker.ModifyPushConfig(BrokerHarness.SubscriptionName("switcher"), new PushConfig { PushEndpoint = Endpoint });
        var dispatcher = _harness.Broker.FindPushDispatcher(subscription)!;
        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the backlog was pushed");

        _harness.Broker.ModifyPushConfig(BrokerHarness.SubscriptionName("switcher"), null);
        Assert.Null(_harness.Broker.FindPushDispatcher(subscription));
        await Eventually.TrueAsync(() => dispatcher.HasStopped && dispatcher.InFlight == 0, "the old dispatcher to stop");
        await _harness.PublishAsync("orders", "pulled");
        Assert.Equal("pulled", BrokerHarness.Text(Assert.Single(await _harness.PullNowAsync("switcher"))));
        Assert.Single(_harness.Deliverer.Requests);
    }

    [Fact]
    public void CreateSubscription_EndpointOutsideAllowList_IsRefused()
    {
        using var harness = new BrokerHarness(new PubSubOptions { PushEndpointAllowList = new EndpointAllowList(["allowed.example"]) });
        harness.CreateTopic("orders");

        var error = Assert.Throws<TidingsException>(() => harness.Broker.CreateSubscription(BrokerHarness.SubscriptionName("pusher"),
            new SubscriptionSettings { Topic = BrokerHarness.TopicName("orders"), PushConfig = new PushConfig { PushEndpoint = "http://elsewhere.example/x" } }));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task WrappedBody_IsValidJson()
    {
        var subscription = CreatePushSubscription();
        await _harness.PublishAsync("orders", "json");
        await Eventually.TrueAsync(() => subscription.BacklogCount() == 0, "the push was acked");

        using var document = JsonDocument.Parse(Assert.Single(_harness.Deliverer.Requests).Body);
        Assert.Equal("anNvbg==", document.RootElement.GetProperty("message").GetProperty("data").GetString());
    }
}
