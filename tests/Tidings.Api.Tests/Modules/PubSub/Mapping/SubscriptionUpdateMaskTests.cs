using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.Api.Tests.Support;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Resources;
using DomainPushConfig = Tidings.PubSub.Resources.PushConfig;
using PushConfig = Google.Cloud.PubSub.V1.PushConfig;

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
    public void ApplyMask_Filter_ReplacesOnlyTheFilter() =>
        SettingsAssert.Equal(Current with { Filter = "attributes:kind" }, Apply("filter"));

    [Fact]
    public void ApplyMask_EnableMessageOrdering_RefusedEvenWithItsCurrentValue() =>
        DomainErrorAssert.Throws(PubSubErrors.SubscriptionFieldNotMutable("enable_message_ordering"),
            () => SubscriptionMapping.ApplyMask(Current, new Subscription { EnableMessageOrdering = Current.EnableMessageOrdering }, ["enable_message_ordering"]));

    [Fact]
    public void ApplyMask_SeveralPaths_AppliesEach() =>
        SettingsAssert.Equal(Current with { AckDeadlineSeconds = 90, Labels = new Dictionary<string, string> { ["new"] = "2" } }, Apply("ack_deadline_seconds", "labels"));

    [Theory]
    [InlineData("dead_letter_policy")]
    [InlineData("retry_policy")]
    [InlineData("bigquery_config")]
    [InlineData("cloud_storage_config")]
    [InlineData("bigtable_config")]
    [InlineData("message_transforms")]
    public void ApplyMask_SettingAMissingFeature_IsRefused(string path)
    {
        var requested = path switch
        {
            "dead_letter_policy" => new Subscription { DeadLetterPolicy = new DeadLetterPolicy { DeadLetterTopic = DomainResources.TopicName("dead") } },
            "retry_policy" => new Subscription { RetryPolicy = new RetryPolicy() },
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
