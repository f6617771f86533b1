using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Api.Tests.Support;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Resources;
using DeadLetterPolicy = Google.Cloud.PubSub.V1.DeadLetterPolicy;
using DomainDeadLetterPolicy = Tidings.PubSub.Resources.DeadLetterPolicy;
using DomainPushConfig = Tidings.PubSub.Resources.PushConfig;
using DomainRetryPolicy = Tidings.PubSub.Resources.RetryPolicy;
using PushConfig = Google.Cloud.PubSub.V1.PushConfig;
using RetryPolicy = Google.Cloud.PubSub.V1.RetryPolicy;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>UpdateSubscription: exactly the fields the mask names change, each to what the request carries.</summary>
public sealed class SubscriptionUpdateMaskTests
{
    private static readonly SubscriptionSettings Current = new()
    {
        Topic = DomainResources.TopicName("orders"),
        PushConfig = new DomainPushConfig { PushEndpoint = "https://old.example.com/push" },
        AckDeadlineSeconds = 20,
        MessageRetentionDuration = TimeSpan.FromDays(2),
        Labels = new Dictionary<string, string> { ["old"] = "1" },
        ExpirationTtl = TimeSpan.FromDays(5),
    };

    private static readonly Subscription Requested = new()
    {
        Topic = DomainResources.TopicName("other"),
        PushConfig = new PushConfig { PushEndpoint = "https://new.example.com/push" },
        AckDeadlineSeconds = 90,
        RetainAckedMessages = true,
        MessageRetentionDuration = new Duration { Seconds = 3600 },
        Labels = { ["new"] = "2" },
        ExpirationPolicy = new ExpirationPolicy { Ttl = new Duration { Seconds = 172_800 } },
        EnableExactlyOnceDelivery = true,
        Filter = "attributes:kind",
        EnableMessageOrdering = true,
    };

    private static readonly string DeadTopic = DomainResources.TopicName("dead");

    private static readonly SubscriptionSettings WithPolicies = Current with
    {
        DeadLetterPolicy = new DomainDeadLetterPolicy { DeadLetterTopic = DeadTopic, MaxDeliveryAttempts = 7 },
        RetryPolicy = new DomainRetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(5), MaximumBackoff = TimeSpan.FromSeconds(50) },
    };

    private static SubscriptionSettings Apply(params string[] paths) => SubscriptionMapping.ApplyMask(Current, Requested, paths);

    [Fact]
    public void ApplyMask_PushConfig_ReplacesOnlyThePushConfig() =>
        SettingsAssert.Equal(Current with
        {
            PushConfig = new DomainPushConfig
            {
                PushEndpoint = "https://new.example.com/push",
                Attributes = new Dictionary<string, string> { ["x-goog-version"] = "v1" },
            },
        }, Apply("push_config"));

    [Fact]
    public void ApplyMask_EmptyPushConfig_SwitchesToPull() =>
        Assert.Null(SubscriptionMapping.ApplyMask(Current, new Subscription { PushConfig = new PushConfig() }, ["push_config"]).PushConfig);

    [Fact]
    public void ApplyMask_AckDeadlineSeconds_ReplacesOnlyTheDeadline() =>
        SettingsAssert.Equal(Current with { AckDeadlineSeconds = 90 }, Apply("ack_deadline_seconds"));

    [Fact]
    public void ApplyMask_AckDeadlineZero_IsTheTenSecondDefault() =>
        Assert.Equal(10, SubscriptionMapping.ApplyMask(Current, new Subscription(), ["ack_deadline_seconds"]).AckDeadlineSeconds);

    [Fact]
    public void ApplyMask_RetainAckedMessages_ReplacesOnlyThatSwitch() =>
        SettingsAssert.Equal(Current with { RetainAckedMessages = true }, Apply("retain_acked_messages"));

    [Fact]
    public void ApplyMask_MessageRetentionDuration_ReplacesOnlyTheRetention() =>
        SettingsAssert.Equal(Current with { MessageRetentionDuration = TimeSpan.FromHours(1) }, Apply("message_retention_duration"));

    [Fact]
    public void ApplyMask_MessageRetentionDurationUnset_IsTheSevenDayDefault() =>
        Assert.Equal(TimeSpan.FromDays(7), SubscriptionMapping.ApplyMask(Current, new Subscription(), ["message_retention_duration"]).MessageRetentionDuration);

    [Fact]
    public void ApplyMask_Labels_ReplacesOnlyTheLabels() =>
        SettingsAssert.Equal(Current with { Labels = new Dictionary<string, string> { ["new"] = "2" } }, Apply("labels"));

    [Fact]
    public void ApplyMask_ExpirationPolicy_ReplacesOnlyTheTtl() =>
        SettingsAssert.Equal(Current with { ExpirationTtl = TimeSpan.FromDays(2) }, Apply("expiration_policy"));

    [Fact]
    public void ApplyMask_ExpirationPolicyUnset_IsTheThirtyOneDayDefault() =>
        Assert.Equal(TimeSpan.FromDays(31), SubscriptionMapping.ApplyMask(Current, new Subscription(), ["expiration_policy"]).ExpirationTtl);

    [Fact]
    public void ApplyMask_EnableExactlyOnceDelivery_ReplacesOnlyThatSwitch() =>
        SettingsAssert.Equal(Current with { EnableExactlyOnceDelivery = true }, Apply("enable_exactly_once_delivery"));

    [Fact]
    public void ApplyMask_Topic_ReplacesOnlyTheTopic() =>
        SettingsAssert.Equal(Current with { Topic = DomainResources.TopicName("other") }, Apply("topic"));

    [Fact]
    public void ApplyMask_Filter_RefusedAsNotMutable() =>
        DomainErrorAssert.Throws(PubSubErrors.SubscriptionFieldNotMutable("filter"), () => Apply("filter"));

    [Fact]
    public void ApplyMask_FilterWithTheCurrentValue_StillRefused() =>
        DomainErrorAssert.Throws(PubSubErrors.SubscriptionFieldNotMutable("filter"),
            () => SubscriptionMapping.ApplyMask(Current with { Filter = "attributes:kind" }, Requested, ["labels", "filter"]));

    [Fact]
    public void ApplyMask_EnableMessageOrdering_RefusedEvenWithItsCurrentValue() =>
        DomainErrorAssert.Throws(PubSubErrors.SubscriptionFieldNotMutable("enable_message_ordering"),
            () => SubscriptionMapping.ApplyMask(Current, new Subscription { EnableMessageOrdering = Current.EnableMessageOrdering }, ["enable_message_ordering"]));

    [Fact]
    public void ApplyMask_SeveralPaths_AppliesEach() =>
        SettingsAssert.Equal(Current with { AckDeadlineSeconds = 90, Labels = new Dictionary<string, string> { ["new"] = "2" } }, Apply("ack_deadline_seconds", "labels"));

    [Fact]
    public void ApplyMask_DeadLetterPolicy_ReplacesOnlyThePolicyWithTheDefaultAttempts() =>
        SettingsAssert.Equal(Current with { DeadLetterPolicy = new DomainDeadLetterPolicy { DeadLetterTopic = DeadTopic, MaxDeliveryAttempts = 5 } },
            SubscriptionMapping.ApplyMask(Current, new Subscription { DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = DeadTopic } }, ["dead_letter_policy"]));

    [Fact]
    public void ApplyMask_DeadLetterPolicyAbsent_ClearsIt() =>
        Assert.Null(SubscriptionMapping.ApplyMask(WithPolicies, new Subscription(), ["dead_letter_policy"]).DeadLetterPolicy);

    [Fact]
    public void ApplyMask_NestedMaxDeliveryAttempts_KeepsTheTopic() =>
        Assert.Equal(new DomainDeadLetterPolicy { DeadLetterTopic = DeadTopic, MaxDeliveryAttempts = 20 },
            SubscriptionMapping.ApplyMask(WithPolicies, new Subscription { DeadLetterPolicy = new DeadLetterPolicy { MaxDeliveryAttempts = 20 } },
                ["dead_letter_policy.max_delivery_attempts"]).DeadLetterPolicy);

    [Fact]
    public void ApplyMask_NestedDeadLetterTopicAndAttempts_SetsAPolicyOnASubscriptionWithout() =>
        Assert.Equal(new DomainDeadLetterPolicy { DeadLetterTopic = DomainResources.TopicName("other-dead"), MaxDeliveryAttempts = 9 },
            SubscriptionMapping.ApplyMask(Current, new Subscription { DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = DomainResources.TopicName("other-dead"), MaxDeliveryAttempts = 9 } },
                ["dead_letter_policy.dead_letter_topic", "dead_letter_policy.max_delivery_attempts"]).DeadLetterPolicy);

    [Fact]
    public void ApplyMask_RetryPolicy_ReplacesOnlyThePolicy() =>
        SettingsAssert.Equal(Current with { RetryPolicy = new DomainRetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(1), MaximumBackoff = TimeSpan.FromSeconds(600) } },
            SubscriptionMapping.ApplyMask(Current, new Subscription { RetryPolicy = new RetryPolicy { MinimumBackoff = new Duration { Seconds = 1 } } }, ["retry_policy"]));

    [Fact]
    public void ApplyMask_RetryPolicyAbsent_ClearsIt() =>
        Assert.Null(SubscriptionMapping.ApplyMask(WithPolicies, new Subscription(), ["retry_policy"]).RetryPolicy);

    [Fact]
    public void ApplyMask_NestedMaximumBackoff_KeepsTheMinimum() =>
        Assert.Equal(new DomainRetryPolicy { MinimumBackoff = TimeSpan.FromSeconds(5), MaximumBackoff = TimeSpan.FromSeconds(30) },
            SubscriptionMapping.ApplyMask(WithPolicies, new Subscription { RetryPolicy = new RetryPolicy { MaximumBackoff = new Duration { Seconds = 30 } } },
                ["retry_policy.maximum_backoff"]).RetryPolicy);

    [Theory]
    [InlineData("dead_letter_policy.topic")]
    [InlineData("retry_policy.backoff")]
    public void ApplyMask_UnknownNestedPolicyPath_IsInvalidArgumentNamingIt(string path) =>
        DomainErrorAssert.Throws(
            new TidingsException(ErrorCode.InvalidArgument, $"Invalid update_mask provided in the UpdateSubscriptionRequest: '{path}' is not a known Subscription field. Note that field paths must be of the form 'field' or 'nested.field'."),
            () => SubscriptionMapping.ApplyMask(WithPolicies, new Subscription(), [path]));

    [Theory]
    [InlineData("bigquery_config")]
    [InlineData("cloud_storage_config")]
    [InlineData("bigtable_config")]
    [InlineData("message_transforms")]
    public void ApplyMask_SettingAMissingFeature_IsRefused(string path)
    {
        var requested = path switch
        {
            "bigquery_config" => new Subscription { BigqueryConfig = new BigQueryConfig() },
            "cloud_storage_config" => new Subscription { CloudStorageConfig = new CloudStorageConfig() },
            "bigtable_config" => new Subscription { BigtableConfig = new BigtableConfig() },
            _ => new Subscription { MessageTransforms = { new MessageTransform() } },
        };

        DomainErrorAssert.Throws(PubSubErrors.NotSupportedYet(path), () => SubscriptionMapping.ApplyMask(Current, requested, [path]));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("detached")]
    [InlineData("ackDeadlineSeconds")]
    public void ApplyMask_UnknownOrImmutablePath_IsInvalidArgumentNamingIt(string path) =>
        DomainErrorAssert.Throws(
            new TidingsException(ErrorCode.InvalidArgument, $"Invalid update_mask provided in the UpdateSubscriptionRequest: '{path}' is not a known Subscription field. Note that field paths must be of the form 'field' or 'nested.field'."),
            () => Apply(path));
}
