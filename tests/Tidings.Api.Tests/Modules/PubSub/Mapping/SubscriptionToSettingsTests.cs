using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Api.Tests.Support;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Resources;
using DeadLetterPolicy = Google.Cloud.PubSub.V1.DeadLetterPolicy;
using DomainDeadLetterPolicy = Tidings.PubSub.Resources.DeadLetterPolicy;
using DomainPushConfig = Tidings.PubSub.Resources.PushConfig;
using DomainRetryPolicy = Tidings.PubSub.Resources.RetryPolicy;
using PushConfig = Google.Cloud.PubSub.V1.PushConfig;
using RetryPolicy = Google.Cloud.PubSub.V1.RetryPolicy;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>What a CreateSubscription request asks for, with Google's defaults for what it leaves out.</summary>
public sealed class SubscriptionToSettingsTests
{
    private static readonly string TopicName = DomainResources.TopicName("orders");
    private static readonly string DeadTopic = DomainResources.TopicName("dead");

    [Fact]
    public void ToSettings_OnlyATopic_GetsGooglesDefaults()
    {
        var settings = SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName });

        SettingsAssert.Equal(new SubscriptionSettings
        {
            Topic = TopicName,
            PushConfig = null,
            AckDeadlineSeconds = 10,
            MessageRetentionDuration = TimeSpan.FromDays(7),
            ExpirationTtl = TimeSpan.FromDays(31),
        }, settings);
    }

    [Fact]
    public void ToSettings_EveryField_IsCopied()
    {
        var request = new Subscription
        {
            Topic = TopicName,
            PushConfig = new PushConfig { PushEndpoint = "https://example.com/push", Attributes = { ["x-goog-version"] = "v1" } },
            AckDeadlineSeconds = 60,
            RetainAckedMessages = true,
            MessageRetentionDuration = new Duration { Seconds = 3600 },
            Labels = { ["team"] = "billing" },
            EnableMessageOrdering = true,
            ExpirationPolicy = new ExpirationPolicy { Ttl = new Duration { Seconds = 86_400 } },
            Filter = "attributes.kind = \"a\"",
            EnableExactlyOnceDelivery = true,
        };

        var settings = SubscriptionMapping.ToSettings(request);

        SettingsAssert.Equal(new SubscriptionSettings
        {
            Topic = TopicName,
            PushConfig = new DomainPushConfig
            {
                PushEndpoint = "https://example.com/push",
                Attributes = new Dictionary<string, string> { ["x-goog-version"] = "v1" },
            },
            AckDeadlineSeconds = 60,
            RetainAckedMessages = true,
            MessageRetentionDuration = TimeSpan.FromHours(1),
            Labels = new Dictionary<string, string> { ["team"] = "billing" },
            EnableMessageOrdering = true,
            ExpirationTtl = TimeSpan.FromDays(1),
            Filter = "attributes.kind = \"a\"",
            EnableExactlyOnceDelivery = true,
        }, settings);
    }

    [Fact]
    public void ToSettings_ExpirationPolicyWithoutTtl_NeverExpires() =>
        Assert.Null(SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, ExpirationPolicy = new ExpirationPolicy() }).ExpirationTtl);

    [Fact]
    public void ToSettings_AckDeadlineZero_IsTheTenSecondDefault() =>
        Assert.Equal(10, SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, AckDeadlineSeconds = 0 }).AckDeadlineSeconds);

    [Fact]
    public void ToSettings_EmptyPushConfig_IsAPullSubscription() =>
        Assert.Null(SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, PushConfig = new PushConfig() }).PushConfig);

    [Fact]
    public void ToSettings_DeadLetterPolicy_IsCopied() =>
        Assert.Equal(new DomainDeadLetterPolicy { DeadLetterTopic = DeadTopic, MaxDeliveryAttempts = 12 },
            SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = DeadTopic, MaxDeliveryAttempts = 12 } }).DeadLetterPolicy);

    [Fact]
    public void ToSettings_DeadLetterPolicyWithoutAttempts_IsGooglesDefaultOfFive() =>
        Assert.Equal(5, SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = DeadTopic } })
            .DeadLetterPolicy!.MaxDeliveryAttempts);

    [Fact]
    public void ToSettings_NoPolicies_LeavesThemUnset()
    {
        var settings = SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName });

        Assert.Null(settings.DeadLetterPolicy);
        Assert.Null(settings.RetryPolicy);
    }

    [Fact]
    public void ToSettings_EmptyRetryPolicy_IsGooglesTenAndSixHundredSeconds() =>
        Assert.Equal(new DomainRetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(10), MaximumBackoff = TimeSpan.FromSeconds(600) },
            SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, RetryPolicy = new RetryPolicy() }).RetryPolicy);

    [Fact]
    public void ToSettings_RetryPolicyWithOnlyAMinimum_KeepsTheDefaultMaximum() =>
        Assert.Equal(new DomainRetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(1.5), MaximumBackoff = TimeSpan.FromSeconds(600) },
            SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, RetryPolicy = new RetryPolicy { MinimumBackoff = new Duration { Seconds = 1, Nanos = 500_000_000 } } }).RetryPolicy);

    [Fact]
    public void ToSettings_BigQueryConfig_IsRefused() =>
        DomainErrorAssert.Throws(PubSubErrors.NotSupportedYet("bigquery_config"),
            () => SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, BigqueryConfig = new BigQueryConfig() }));

    [Fact]
    public void ToSettings_CloudStorageConfig_IsRefused() =>
        DomainErrorAssert.Throws(PubSubErrors.NotSupportedYet("cloud_storage_config"),
            () => SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, CloudStorageConfig = new CloudStorageConfig() }));

    [Fact]
    public void ToSettings_BigtableConfig_IsRefused() =>
        DomainErrorAssert.Throws(PubSubErrors.NotSupportedYet("bigtable_config"),
            () => SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, BigtableConfig = new BigtableConfig() }));

    [Fact]
    public void ToSettings_MessageTransforms_AreRefused() =>
        DomainErrorAssert.Throws(PubSubErrors.NotSupportedYet("message_transforms"),
            () => SubscriptionMapping.ToSettings(new Subscription { Topic = TopicName, MessageTransforms = { new MessageTransform() } }));
}
