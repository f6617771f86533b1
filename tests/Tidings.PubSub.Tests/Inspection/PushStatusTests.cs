using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Inspection;

/// <summary>What the console shows of a push subscription's dispatcher beside its statistics: pushes in flight and the window.</summary>
public sealed class PushStatusTests : IDisposable
{
    private readonly BrokerHarness _harness = new();

    public PushStatusTests() => _harness.CreateTopic("orders");

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task GetPushStatus_WhileAPushIsUnanswered_CountsItInFlight()
    {
        var answer = new TaskCompletionSource<Delivery.DeliveryResult>();
        _harness.Deliverer.Respond = _ => answer.Task;
        _harness.CreateSubscription("pusher", "orders",
            settings => settings with { PushConfig = new PushConfig { PushEndpoint = "https://receiver.example/push" } });
        var name = BrokerHarness.SubscriptionName("pusher");

        await _harness.PublishAsync("orders", "a");
        await Eventually.TrueAsync(() => _harness.Broker.GetPushStatus(name)!.InFlight == 1, "the push to be in flight");
        answer.SetResult(FakeDeliverer.Status(200));
        await Eventually.TrueAsync(() => _harness.Broker.GetPushStatus(name)!.InFlight == 0, "the push to be answered");

        Assert.True(_harness.Broker.GetPushStatus(name)!.WindowSize >= 1);
    }

    [Fact]
    public void GetPushStatus_PullSubscription_IsNull()
    {
        _harness.CreateSubscription("puller", "orders");

        Assert.Null(_harness.Broker.GetPushStatus(BrokerHarness.SubscriptionName("puller")));
    }
}
