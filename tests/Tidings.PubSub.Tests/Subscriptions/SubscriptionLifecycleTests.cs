using Tidings.Kernel.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Subscriptions;

/// <summary>Create, get, update and delete of subscriptions, with Google's bounds and texts (§1.5).</summary>
public sealed class SubscriptionLifecycleTests : IDisposable
{
    private const string Topic = "projects/p/topics/orders";
    private const string Name = "projects/p/subscriptions/sub";
    private readonly BrokerHarness _harness = new();

    public SubscriptionLifecycleTests() => _harness.CreateTopic("orders");

    private PubSubBroker Broker => _harness.Broker;

    [Fact]
    public void CreateSubscription_OnTopic_CanBeGot()
    {
        var created = Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic });

        var got = Broker.GetSubscription(Name);

        Assert.Same(created, got);
        Assert.Equal(Topic, got.Settings.Topic);
        Assert.Equal(Topic, got.TopicNameForDisplay);
        Assert.Equal(SubscriptionSettings.DefaultAckDeadlineSeconds, got.Settings.AckDeadlineSeconds);
        Assert.Equal(TimeSpan.FromDays(7), got.Settings.MessageRetentionDuration);
        Assert.False(got.IsDetached);
    }

    [Fact]
    public void CreateSubscription_MissingTopic_ThrowsNotFoundNamingTheTopic()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=missing).",
            () => Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = "projects/p/topics/missing" }));
        PubSubAssert.Throws(ErrorCode.NotFound, () => Broker.GetSubscription(Name));
    }

    [Fact]
    public void CreateSubscription_ExistingName_ThrowsAlreadyExistsWithGoogleText()
    {
        Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic });

        PubSubAssert.Throws(ErrorCode.AlreadyExists, "Resource already exists in the project (resource=sub).",
            () => Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic }));
    }

    [Fact]
    public void CreateSubscription_EmptyName_GetsServerAssignedNameInTopicsProject()
    {
        var subscription = Broker.CreateSubscription("", new SubscriptionSettings { Topic = Topic });

        Assert.Equal("p", subscription.Name.Project);
        Assert.True(ResourceName.IsValidId(subscription.Name.Id), subscription.Name.Id);
        Assert.Same(subscription, Broker.GetSubscription(subscription.Name.FullName));
        Assert.NotEqual(subscription.Name, Broker.CreateSubscription("", new SubscriptionSettings { Topic = Topic }).Name);
    }

    [Fact]
    public void CreateSubscription_InvalidName_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "Invalid [subscriptions] name: (name=projects/p/subscriptions/goog-sub)",
            () => Broker.CreateSubscription("projects/p/subscriptions/goog-sub", new SubscriptionSettings { Topic = Topic }));
    }

    [Fact]
    public void CreateSubscription_InvalidTopicName_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "Invalid [topics] name: (name=projects/p/topics/9)",
            () => Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = "projects/p/topics/9" }));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(600)]
    public void CreateSubscription_AckDeadlineWithinBounds_Accepted(int seconds)
    {
        var subscription = Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic, AckDeadlineSeconds = seconds });

        Assert.Equal(seconds, subscription.Settings.AckDeadlineSeconds);
    }

    [Theory]
    [InlineData(9, "The value for ack_deadline_seconds is too small. You passed 9 in the request, but the minimum value is 10.")]
    [InlineData(601, "The value for ack_deadline_seconds is too large. You passed 601 in the request, but the maximum value is 600.")]
    public void CreateSubscription_AckDeadlineOutOfBounds_ThrowsInvalidArgument(int seconds, string message)
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, message,
            () => Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic, AckDeadlineSeconds = seconds }));
    }

    [Theory]
    [InlineData(600)]
    [InlineData(31 * 24 * 3600)]
    public void CreateSubscription_RetentionWithinBounds_Accepted(int seconds)
    {
        var subscription = Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic, MessageRetentionDuration = TimeSpan.FromSeconds(seconds) });

        Assert.Equal(TimeSpan.FromSeconds(seconds), subscription.Settings.MessageRetentionDuration);
    }

    [Theory]
    [InlineData(599, "The value for message_retention_duration is too small. You passed 599s in the request, but the minimum value is 600s.")]
    [InlineData(31 * 24 * 3600 + 1, "The value for message_retention_duration is too large. You passed 2678401s in the request, but the maximum value is 2678400s.")]
    public void CreateSubscription_RetentionOutOfBounds_ThrowsInvalidArgument(int seconds, string message)
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, message,
            () => Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic, MessageRetentionDuration = TimeSpan.FromSeconds(seconds), ExpirationTtl = null }));
    }

    [Fact]
    public void CreateSubscription_ExpirationTtlUnderOneDay_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            () => Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic, ExpirationTtl = TimeSpan.FromHours(23), MessageRetentionDuration = TimeSpan.FromHours(1) }));
    }

    [Fact]
    public void CreateSubscription_InvalidPushEndpoint_ThrowsInvalidArgument()
    {
        var push = new PushConfig { PushEndpoint = "ftp://example.com/push" };

        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            "Invalid push endpoint given (endpoint=ftp://example.com/push). Refer to https://cloud.google.com/pubsub/docs/push#configure_push_endpoints for restrictions.",
            () => Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic, PushConfig = push }));
    }

    [Fact]
    public void UpdateSubscription_AckDeadline_Applied()
    {
        Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic });

        Broker.UpdateSubscription(Name, settings => settings with { AckDeadlineSeconds = 30 });

        Assert.Equal(30, Broker.GetSubscription(Name).Settings.AckDeadlineSeconds);
    }

    [Fact]
    public void UpdateSubscription_Topic_ThrowsInvalidArgumentAndKeepsSettings()
    {
        _harness.CreateTopic("other");
        Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic });

        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            "Invalid update_mask provided in the UpdateSubscriptionRequest: the 'topic' field in the Subscription is not mutable.",
            () => Broker.UpdateSubscription(Name, settings => settings with { Topic = "projects/p/topics/other", AckDeadlineSeconds = 30 }));

        Assert.Equal(Topic, Broker.GetSubscription(Name).Settings.Topic);
        Assert.Equal(10, Broker.GetSubscription(Name).Settings.AckDeadlineSeconds);
    }

    [Fact]
    public void UpdateSubscription_EnableMessageOrdering_ThrowsInvalidArgument()
    {
        Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic });

        PubSubAssert.Throws(ErrorCode.InvalidArgument,
            "Invalid update_mask provided in the UpdateSubscriptionRequest: the 'enable_message_ordering' field in the Subscription is not mutable.",
            () => Broker.UpdateSubscription(Name, settings => settings with { EnableMessageOrdering = true }));
        Assert.False(Broker.GetSubscription(Name).Settings.EnableMessageOrdering);
    }

    [Fact]
    public void CreateSubscription_EnableMessageOrdering_Kept()
    {
        Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic, EnableMessageOrdering = true });

        Assert.True(Broker.GetSubscription(Name).Settings.EnableMessageOrdering);
    }

    [Fact]
    public void UpdateSubscription_AckDeadlineOutOfBounds_ThrowsAndKeepsSettings()
    {
        Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic });

        PubSubAssert.Throws(ErrorCode.InvalidArgument, () => Broker.UpdateSubscription(Name, settings => settings with { AckDeadlineSeconds = 601 }));

        Assert.Equal(10, Broker.GetSubscription(Name).Settings.AckDeadlineSeconds);
    }

    [Fact]
    public void UpdateSubscription_Missing_ThrowsNotFound()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=sub).", () => Broker.UpdateSubscription(Name, settings => settings));
    }

    [Fact]
    public void ModifyPushConfig_SetAndClear_SwitchesDeliveryType()
    {
        Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic });

        Broker.ModifyPushConfig(Name, new PushConfig { PushEndpoint = "https://example.com/push" });
        Assert.Equal("https://example.com/push", Broker.GetSubscription(Name).Settings.PushConfig?.PushEndpoint);

        Broker.ModifyPushConfig(Name, null);
        Assert.Null(Broker.GetSubscription(Name).Settings.PushConfig);
    }

    [Fact]
    public void DeleteSubscription_Existing_IsGoneAndNameReusable()
    {
        var first = Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic });

        Broker.DeleteSubscription(Name);

        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=sub).", () => Broker.GetSubscription(Name));
        Assert.False(Broker.IsCurrent(first));
        var second = Broker.CreateSubscription(Name, new SubscriptionSettings { Topic = Topic });
        Assert.NotEqual(first.Id, second.Id);
        Assert.True(Broker.IsCurrent(second));
    }

    [Fact]
    public void DeleteSubscription_Missing_ThrowsNotFound()
    {
        PubSubAssert.Throws(ErrorCode.NotFound, "Resource not found (resource=sub).", () => Broker.DeleteSubscription(Name));
    }

    public void Dispose() => _harness.Dispose();
}
