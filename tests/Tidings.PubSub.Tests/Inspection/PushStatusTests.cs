using Tidings.Delivery;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Inspection;

/// <summary>What the console shows of a push subscription: the last failure and the backoff it caused.</summary>
public sealed class PushStatusTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public PushStatusTests() => _harness.CreateTopic("orders");

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task GetPushStatus_AfterAFailedPush_ShowsTheErrorAndTheBackoff()
    {
        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(503));
        var subscription = _harness.CreateSubscription("pusher", "orders",
            settings => settings with { PushConfig = new PushConfig { PushEndpoint = "https://receiver.example/push" } });
        Assert.Equal((null, null), (_harness.Broker.GetPushStatus(subscription)!.LastError, _harness.Broker.GetPushStatus(subscription)!.BackingOffUntil));

        await _harness.PublishAsync("orders", "a");
        await Eventually.TrueAsync(() => _harness.Broker.GetPushStatus(subscription)!.BackingOffUntil is not null, "the dispatcher to back off");

        var status = _harness.Broker.GetPushStatus(subscription)!;
        Assert.Equal("HTTP 503", status.LastError);
        Assert.Equal(_harness.Time.GetUtcNow(), status.LastErrorTime);
        Assert.True(status.BackingOffUntil > _harness.Time.GetUtcNow());
    }

    [Fact]
    public async Task GetPushStatus_ConnectionFailure_NamesTheOutcomeAndItsReason()
    {
        _harness.Deliverer.Respond = _ => Task.FromResult(new DeliveryResult(DeliveryOutcome.ConnectionFailed, 0, TimeSpan.Zero, "Connection refused"));
        var subscription = _harness.CreateSubscription("pusher", "orders",
            settings => settings with { PushConfig = new PushConfig { PushEndpoint = "https://receiver.example/push" } });

        await _harness.PublishAsync("orders", "a");
        await Eventually.TrueAsync(() => _harness.Broker.GetPushStatus(subscription)!.LastError is not null, "the failure to be recorded");

        Assert.Equal("ConnectionFailed: Connection refused", _harness.Broker.GetPushStatus(subscription)!.LastError);
    }

    [Fact]
    public void GetPushStatus_PullSubscription_IsNull()
    {
        var subscription = _harness.CreateSubscription("puller", "orders");

        Assert.Null(_harness.Broker.GetPushStatus(subscription));
    }
}
