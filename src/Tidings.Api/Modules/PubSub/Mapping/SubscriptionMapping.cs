using Google.Cloud.PubSub.V1;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Resources;
using DomainPushConfig = Tidings.PubSub.Resources.PushConfig;
using DomainSubscription = Tidings.PubSub.Subscriptions.Subscription;
using ProtoPushConfig = Google.Cloud.PubSub.V1.PushConfig;
using ProtoSubscription = Google.Cloud.PubSub.V1.Subscription;

namespace Tidings.Api.Modules.PubSub.Mapping;

/// <summary>Subscription resources between the wire and the domain, with Google's defaults.</summary>
internal static class SubscriptionMapping
{
    private const string PushVersionAttribute = "x-goog-version";
    private const string PushConfigPathPrefix = "push_config.";

    public static ProtoSubscription ToProto(DomainSubscription subscription)
    {
        var settings = subscription.Settings;
        var proto = new ProtoSubscription
        {
            Name = subscription.Name.FullName,
            Topic = subscription.TopicNameForDisplay,
            PushConfig = ToProto(settings.PushConfig),
            AckDeadlineSeconds = settings.AckDeadlineSeconds,
            RetainAckedMessages = settings.RetainAckedMessages,
            MessageRetentionDuration = ProtoTime.FromTimeSpan(settings.MessageRetentionDuration),
            EnableMessageOrdering = settings.EnableMessageOrdering,
            ExpirationPolicy = new ExpirationPolicy { Ttl = ProtoTime.FromTimeSpan(settings.ExpirationTtl) },
            Filter = settings.Filter,
            Detached = subscription.IsDetached,
            EnableExactlyOnceDelivery = settings.EnableExactlyOnceDelivery,
            DeadLetterPolicy = DeliveryPolicyMapping.ToProto(settings.DeadLetterPolicy),
            RetryPolicy = DeliveryPolicyMapping.ToProto(settings.RetryPolicy),
            TopicMessageRetentionDuration = subscription.Topic.IsDeleted ? null : ProtoTime.FromTimeSpan(subscription.Topic.Settings.MessageRetentionDuration),
            State = ProtoSubscription.Types.State.Active,
        };
        proto.Labels.Add(settings.Labels.ToDictionary());
        return proto;
    }

    /// <summary>The settings a create request asks for, defaults applied; features Tidings lacks are refused.</summary>
    public static SubscriptionSettings ToSettings(ProtoSubscription subscription)
    {
        RefuseUnsupported(subscription);
        var defaults = new SubscriptionSettings { Topic = subscription.Topic };
        return defaults with
        {
            PushConfig = ToDomain(subscription.PushConfig),
            AckDeadlineSeconds = subscription.AckDeadlineSeconds == 0 ? SubscriptionSettings.DefaultAckDeadlineSeconds : subscription.AckDeadlineSeconds,
            RetainAckedMessages = subscription.RetainAckedMessages,
            MessageRetentionDuration = ProtoTime.ToTimeSpan(subscription.MessageRetentionDuration) ?? SubscriptionSettings.DefaultMessageRetention,
            Labels = new Dictionary<string, string>(subscription.Labels),
            EnableMessageOrdering = subscription.EnableMessageOrdering,
            ExpirationTtl = ToExpirationTtl(subscription.ExpirationPolicy),
            Filter = subscription.Filter,
            EnableExactlyOnceDelivery = subscription.EnableExactlyOnceDelivery,
            DeadLetterPolicy = DeliveryPolicyMapping.ToDomain(subscription.DeadLetterPolicy),
            RetryPolicy = DeliveryPolicyMapping.ToDomain(subscription.RetryPolicy),
        };
    }

    /// <summary>Copies the fields an update mask names from the request onto the current settings.</summary>
    public static SubscriptionSettings ApplyMask(SubscriptionSettings current, ProtoSubscription requested, IEnumerable<string> paths)
    {
        var settings = current;
        foreach (var path in paths)
        {
            settings = path switch
            {
                "push_config" => settings with { PushConfig = ToDomain(requested.PushConfig) },
                "ack_deadline_seconds" => settings with { AckDeadlineSeconds = requested.AckDeadlineSeconds == 0 ? SubscriptionSettings.DefaultAckDeadlineSeconds : requested.AckDeadlineSeconds },
                "retain_acked_messages" => settings with { RetainAckedMessages = requested.RetainAckedMessages },
                "message_retention_duration" => settings with { MessageRetentionDuration = ProtoTime.ToTimeSpan(requested.MessageRetentionDuration) ?? SubscriptionSettings.DefaultMessageRetention },
                "labels" => settings with { Labels = new Dictionary<string, string>(requested.Labels) },
                "expiration_policy" => settings with { ExpirationTtl = ToExpirationTtl(requested.ExpirationPolicy) },
                "enable_exactly_once_delivery" => settings with { EnableExactlyOnceDelivery = requested.EnableExactlyOnceDelivery },
                "topic" => settings with { Topic = requested.Topic },
                // Google refuses naming these at all, even with the value they have.
                "filter" or "enable_message_ordering" => throw PubSubErrors.SubscriptionFieldNotMutable(path),
                // An absent policy clears it (gcloud's --clear-dead-letter-policy, --clear-retry-policy).
                DeliveryPolicyMapping.DeadLetterPolicyPath => settings with { DeadLetterPolicy = DeliveryPolicyMapping.ToDomain(requested.DeadLetterPolicy) },
                DeliveryPolicyMapping.RetryPolicyPath => settings with { RetryPolicy = DeliveryPolicyMapping.ToDomain(requested.RetryPolicy) },
                // Clearing a feature Tidings lacks leaves the subscription as it is; only setting one is refused.
                "bigquery_config" => requested.BigqueryConfig is null ? settings : throw PubSubErrors.NotSupportedYet(path),
                "cloud_storage_config" => requested.CloudStorageConfig is null ? settings : throw PubSubErrors.NotSupportedYet(path),
                "bigtable_config" => requested.BigtableConfig is null ? settings : throw PubSubErrors.NotSupportedYet(path),
                "message_transforms" => requested.MessageTransforms.Count == 0 ? settings : throw PubSubErrors.NotSupportedYet(path),
                _ when path.StartsWith(PushConfigPathPrefix, StringComparison.Ordinal)
                    => settings with { PushConfig = ApplyPushConfigPath(settings.PushConfig, requested.PushConfig, path) },
                _ when path.StartsWith(DeliveryPolicyMapping.DeadLetterPolicyPath + ".", StringComparison.Ordinal)
                    => settings with { DeadLetterPolicy = DeliveryPolicyMapping.ApplyDeadLetterPath(settings.DeadLetterPolicy, requested.DeadLetterPolicy, path) },
                _ when path.StartsWith(DeliveryPolicyMapping.RetryPolicyPath + ".", StringComparison.Ordinal)
                    => settings with { RetryPolicy = DeliveryPolicyMapping.ApplyRetryPath(settings.RetryPolicy, requested.RetryPolicy, path) },
                _ => throw PubSubErrors.UnknownUpdateMaskField("UpdateSubscriptionRequest", "Subscription", path),
            };
        }
        return settings;
    }

    /// <summary>
    /// One field of the push config, as a nested mask path names it (gcloud's --clear-push-no-wrapper-config sends
    /// <c>pushConfig.noWrapper</c>); the rest of the current push config stays.
    /// </summary>
    private static DomainPushConfig? ApplyPushConfigPath(DomainPushConfig? current, ProtoPushConfig? requested, string path)
    {
        var merged = ToProto(current);
        requested ??= new ProtoPushConfig();
        switch (path[PushConfigPathPrefix.Length..])
        {
            case "push_endpoint":
                merged.PushEndpoint = requested.PushEndpoint;
                break;
            case "attributes":
                merged.Attributes.Clear();
                merged.Attributes.Add(requested.Attributes);
                break;
            case "oidc_token":
                merged.OidcToken = requested.OidcToken;
                break;
            case "no_wrapper":
                merged.NoWrapper = requested.NoWrapper;
                break;
            case "pubsub_wrapper":
                merged.PubsubWrapper = requested.PubsubWrapper;
                break;
            default:
                throw PubSubErrors.UnknownUpdateMaskField("UpdateSubscriptionRequest", "Subscription", path);
        }
        return ToDomain(merged);
    }

    /// <summary>A push config with an endpoint, or null (pull) for an absent or empty one.</summary>
    public static DomainPushConfig? ToDomain(ProtoPushConfig? config)
    {
        if (config is null || config.PushEndpoint.Length == 0)
        {
            return null;
        }
        var attributes = new Dictionary<string, string>(config.Attributes);
        attributes.TryAdd(PushVersionAttribute, "v1");
        return new DomainPushConfig
        {
            PushEndpoint = config.PushEndpoint,
            Attributes = attributes,
            OidcToken = config.OidcToken is { } token ? new OidcToken(token.ServiceAccountEmail, token.Audience) : null,
            NoWrapper = config.NoWrapper is { } noWrapper ? new NoWrapper(noWrapper.WriteMetadata) : null,
        };
    }

    private static ProtoPushConfig ToProto(DomainPushConfig? config)
    {
        var proto = new ProtoPushConfig();
        if (config is null)
        {
            return proto;
        }
        proto.PushEndpoint = config.PushEndpoint;
        proto.Attributes.Add(config.Attributes.ToDictionary());
        if (config.OidcToken is { } token)
        {
            proto.OidcToken = new ProtoPushConfig.Types.OidcToken { ServiceAccountEmail = token.ServiceAccountEmail, Audience = token.Audience };
        }
        if (config.NoWrapper is { } noWrapper)
        {
            proto.NoWrapper = new ProtoPushConfig.Types.NoWrapper { WriteMetadata = noWrapper.WriteMetadata };
        }
        else
        {
            proto.PubsubWrapper = new ProtoPushConfig.Types.PubsubWrapper();
        }
        return proto;
    }

    /// <summary>No policy: the 31-day default. A policy without a ttl: never expires.</summary>
    private static TimeSpan? ToExpirationTtl(ExpirationPolicy? policy) =>
        policy is null ? SubscriptionSettings.DefaultExpirationTtl : ProtoTime.ToTimeSpan(policy.Ttl);

    private static void RefuseUnsupported(ProtoSubscription subscription)
    {
        if (subscription.BigqueryConfig is not null)
        {
            throw PubSubErrors.NotSupportedYet("bigquery_config");
        }
        if (subscription.CloudStorageConfig is not null)
        {
            throw PubSubErrors.NotSupportedYet("cloud_storage_config");
        }
        if (subscription.BigtableConfig is not null)
        {
            throw PubSubErrors.NotSupportedYet("bigtable_config");
        }
        if (subscription.MessageTransforms.Count > 0)
        {
            throw PubSubErrors.NotSupportedYet("message_transforms");
        }
    }
}
