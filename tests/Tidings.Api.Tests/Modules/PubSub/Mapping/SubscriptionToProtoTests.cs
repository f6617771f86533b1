using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Api.Tests.Support;
using Tidings.PubSub.Resources;
using DomainPushConfig = Tidings.PubSub.Resources.PushConfig;
using ProtoDeadLetterPolicy = Google.Cloud.PubSub.V1.DeadLetterPolicy;
using ProtoPushConfig = Google.Cloud.PubSub.V1.PushConfig;
using ProtoRetryPolicy = Google.Cloud.PubSub.V1.RetryPolicy;
using ProtoSubscription = Google.Cloud.PubSub.V1.Subscription;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>A domain subscription as the API answers it, with Google's defaults filled in.</summary>
public sealed class SubscriptionToProtoTests : IDisposable
{
    private readonly DomainResources _resources = new();

    public SubscriptionToProtoTests() => _resources.CreateTopic("orders");

    private ProtoSubscription Create(SubscriptionSettings settings) =>
        SubscriptionMapping.ToProto(_resources.CreateSubscription("sub", settings));

    [Fact]
    public void ToProto_DefaultPullSubscription_HasGooglesDefaultsAndAnEmptyPushConfig()
    {
        var proto = Create(new SubscriptionSettings { Topic = DomainResources.TopicName("orders") });

        var expected = new ProtoSubscription
        {
            Name = DomainResources.SubscriptionName("sub"),
            Topic = DomainResources.TopicName("orders"),
            PushConfig = new ProtoPushConfig(),
            AckDeadlineSeconds = 10,
            MessageRetentionDuration = new Duration { Seconds = 604_800 },
            ExpirationPolicy = new() { Ttl = new Duration { Seconds = 2_678_400 } },
            State = ProtoSubscription.Types.State.Active,
        };
        Assert.Equal(expected, proto);
    }

    [Fact]
    public void ToProto_EverySetting_IsCopied()
    {
        var proto = Create(new SubscriptionSettings
        {
            Topic = DomainResources.TopicName("orders"),
            AckDeadlineSeconds = 42,
            RetainAckedMessages = true,
            MessageRetentionDuration = TimeSpan.FromMinutes(15.5),
            Labels = new Dictionary<string, string> { ["team"] = "billing" },
            ExpirationTtl = TimeSpan.FromDays(2),
        });

        Assert.Equal(42, proto.AckDeadlineSeconds);
        Assert.True(proto.RetainAckedMessages);
        Assert.Equal(new Duration { Seconds = 930 }, proto.MessageRetentionDuration);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "billing" }, proto.Labels);
        Assert.Equal(new Duration { Seconds = 172_800 }, proto.ExpirationPolicy.Ttl);
        Assert.False(proto.Detached);
        Assert.False(proto.EnableMessageOrdering);
        Assert.False(proto.EnableExactlyOnceDelivery);
        Assert.Equal("", proto.Filter);
        Assert.Null(proto.TopicMessageRetentionDuration);
    }

    [Fact]
    public void ToProto_DeliveryPolicies_AreCopied()
    {
        _resources.CreateTopic("dead");

        var proto = Create(new SubscriptionSettings
        {
            Topic = DomainResources.TopicName("orders"),
            DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = DomainResources.TopicName("dead"), MaxDeliveryAttempts = 8 },
            RetryPolicy = new RetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(0.5), MaximumBackoff = TimeSpan.FromSeconds(90) },
        });

        Assert.Equal(new ProtoDeadLetterPolicy { DeadLetterTopic = DomainResources.TopicName("dead"), MaxDeliveryAttempts = 8 }, proto.DeadLetterPolicy);
        Assert.Equal(new ProtoRetryPolicy { MinimumBackoff = new Duration { Nanos = 500_000_000 }, MaximumBackoff = new Duration { Seconds = 90 } }, proto.RetryPolicy);
    }

    [Fact]
    public void ToProto_NoDeliveryPolicies_LeavesThemOut()
    {
        var proto = Create(new SubscriptionSettings { Topic = DomainResources.TopicName("orders") });

        Assert.Null(proto.DeadLetterPolicy);
        Assert.Null(proto.RetryPolicy);
    }

    [Fact]
    public void ToProto_NeverExpiring_HasAPolicyWithoutTtl()
    {
        var proto = Create(new SubscriptionSettings { Topic = DomainResources.TopicName("orders"), ExpirationTtl = null });

        Assert.NotNull(proto.ExpirationPolicy);
        Assert.Null(proto.ExpirationPolicy.Ttl);
    }

    [Fact]
    public void ToProto_TopicWithRetention_ReportsTheTopicsRetention()
    {
        _resources.CreateTopic("kept", new TopicSettings { MessageRetentionDuration = TimeSpan.FromDays(3) });

        var proto = Create(new SubscriptionSettings { Topic = DomainResources.TopicName("kept") });

        Assert.Equal(new Duration { Seconds = 259_200 }, proto.TopicMessageRetentionDuration);
    }

    [Fact]
    public void ToProto_DeletedTopic_IsTheSentinelWithoutTopicRetention()
    {
        _resources.CreateTopic("gone", new TopicSettings { MessageRetentionDuration = TimeSpan.FromDays(3) });
        var subscription = _resources.CreateSubscription("sub", new SubscriptionSettings { Topic = DomainResources.TopicName("gone") });
        _resources.Broker.DeleteTopic(DomainResources.TopicName("gone"));

        var proto = SubscriptionMapping.ToProto(subscription);

        Assert.Equal("_deleted-topic_", proto.Topic);
        Assert.Null(proto.TopicMessageRetentionDuration);
    }

    [Fact]
    public void ToProto_DetachedSubscription_IsMarkedDetached()
    {
        var subscription = _resources.CreateSubscription("sub", new SubscriptionSettings { Topic = DomainResources.TopicName("orders") });
        _resources.Broker.DetachSubscription(subscription.Name.FullName);

        Assert.True(SubscriptionMapping.ToProto(subscription).Detached);
    }

    [Fact]
    public void ToProto_WrappedPush_HasEndpointAttributesAndThePubsubWrapper()
    {
        var proto = Create(new SubscriptionSettings
        {
            Topic = DomainResources.TopicName("orders"),
            PushConfig = new DomainPushConfig
            {
                PushEndpoint = "https://example.com/push",
                Attributes = new Dictionary<string, string> { ["x-goog-version"] = "v1" },
                OidcToken = new OidcToken("pusher@p.iam.gserviceaccount.com", "https://example.com"),
            },
        });

        var expected = new ProtoPushConfig
        {
            PushEndpoint = "https://example.com/push",
            Attributes = { ["x-goog-version"] = "v1" },
            OidcToken = new() { ServiceAccountEmail = "pusher@p.iam.gserviceaccount.com", Audience = "https://example.com" },
            PubsubWrapper = new(),
        };
        Assert.Equal(expected, proto.PushConfig);
    }

    [Fact]
    public void ToProto_UnwrappedPush_HasNoWrapperWithItsMetadataSwitch()
    {
        var proto = Create(new SubscriptionSettings
        {
            Topic = DomainResources.TopicName("orders"),
            PushConfig = new DomainPushConfig { PushEndpoint = "https://example.com/push", NoWrapper = new NoWrapper(WriteMetadata: true) },
        });

        Assert.True(proto.PushConfig.NoWrapper.WriteMetadata);
        Assert.Null(proto.PushConfig.PubsubWrapper);
        Assert.Null(proto.PushConfig.OidcToken);
    }

    public void Dispose() => _resources.Dispose();
}
