using Tidings.Kernel.Errors;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.ExactlyOnce;

/// <summary>
/// Exactly-once delivery is a pull-subscription setting: refused with a push endpoint however the two meet
/// (create, update, ModifyPushConfig), and switchable on and off by UpdateSubscription as on Google.
/// </summary>
public sealed class SettingsTests : IDisposable
{
    private const string PushError = "Exactly once delivery is not supported for push subscriptions.";
    private static readonly string Name = BrokerHarness.SubscriptionName("sub");
    private static readonly PushConfig Push = new() { PushEndpoint = "https://example.com/push" };
    private readonly BrokerHarness _harness = new();

    public SettingsTests() => _harness.CreateTopic("orders");

    public void Dispose() => _harness.Dispose();

    private PubSubBroker Broker => _harness.Broker;

    [Fact]
    public void CreateSubscription_PullWithExactlyOnce_Created()
    {
        var subscription = _harness.CreateExactlyOnceSubscription("sub", "orders");

        Assert.True(subscription.Settings.EnableExactlyOnceDelivery);
    }

    [Fact]
    public void CreateSubscription_PushWithExactlyOnce_RefusedAndNothingCreated()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, PushError, () => Broker.CreateSubscription(Name, new SubscriptionSettings
        {
            Topic = BrokerHarness.TopicName("orders"),
            PushConfig = Push,
            EnableExactlyOnceDelivery = true,
        }));
        PubSubAssert.Throws(ErrorCode.NotFound, () => Broker.GetSubscription(Name));
    }

    [Fact]
    public void ModifyPushConfig_OnExactlyOnceSubscription_RefusedAndStillPull()
    {
        _harness.CreateExactlyOnceSubscription("sub", "orders");

        PubSubAssert.Throws(ErrorCode.InvalidArgument, PushError, () => Broker.ModifyPushConfig(Name, Push));

        Assert.Null(Broker.GetSubscription(Name).Settings.PushConfig);
    }

    [Fact]
    public void UpdateSubscription_ExactlyOnceOnPushSubscription_Refused()
    {
        Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = BrokerHarness.TopicName("orders"), PushConfig = Push });

        PubSubAssert.Throws(ErrorCode.InvalidArgument, PushError,
            () => Broker.UpdateSubscription(Name, settings => settings with { EnableExactlyOnceDelivery = true }));

        Assert.False(Broker.GetSubscription(Name).Settings.EnableExactlyOnceDelivery);
    }

    [Fact]
    public async Task UpdateSubscription_ExactlyOnceOnAndOff_AcksFollowTheSetting()
    {
        _harness.CreateSubscription("sub", "orders");
        await _harness.PublishAsync("orders", "a");
        var first = Assert.Single(await _harness.PullNowAsync("sub"));

        Broker.UpdateSubscription(Name, settings => settings with { EnableExactlyOnceDelivery = true });
        await _harness.AckAsync("sub", first);
        await PubSubAssert.ThrowsAsync(ErrorCode.InvalidArgument, () => _harness.AckAsync("sub", first));

        Broker.UpdateSubscription(Name, settings => settings with { EnableExactlyOnceDelivery = false });
        await _harness.AckAsync("sub", first); // a no-op again without exactly-once
    }
}
