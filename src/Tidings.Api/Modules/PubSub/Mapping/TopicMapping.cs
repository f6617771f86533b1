using Tidings.PubSub.Errors;
using Tidings.PubSub.Resources;
using DomainTopic = Tidings.PubSub.Topics.Topic;
using ProtoStoragePolicy = Google.Cloud.PubSub.V1.MessageStoragePolicy;
using ProtoTopic = Google.Cloud.PubSub.V1.Topic;

namespace Tidings.Api.Modules.PubSub.Mapping;

/// <summary>Topic resources between the wire and the domain.</summary>
internal static class TopicMapping
{
    public static ProtoTopic ToProto(DomainTopic topic)
    {
        var settings = topic.Settings;
        var proto = new ProtoTopic
        {
            Name = topic.Name.FullName,
            KmsKeyName = settings.KmsKeyName,
            MessageRetentionDuration = ProtoTime.FromTimeSpan(settings.MessageRetentionDuration),
            State = ProtoTopic.Types.State.Active,
        };
        proto.Labels.Add(settings.Labels.ToDictionary());
        if (settings.MessageStoragePolicy is { } policy)
        {
            proto.MessageStoragePolicy = new ProtoStoragePolicy { EnforceInTransit = policy.EnforceInTransit };
            proto.MessageStoragePolicy.AllowedPersistenceRegions.Add(policy.AllowedPersistenceRegions);
        }
        return proto;
    }

    /// <summary>The settings a create request asks for; features Tidings lacks are refused, not ignored.</summary>
    public static TopicSettings ToSettings(ProtoTopic topic)
    {
        RefuseUnsupported(topic);
        return new TopicSettings
        {
            Labels = new Dictionary<string, string>(topic.Labels),
            KmsKeyName = topic.KmsKeyName,
            MessageRetentionDuration = ProtoTime.ToTimeSpan(topic.MessageRetentionDuration),
            MessageStoragePolicy = ToDomain(topic.MessageStoragePolicy),
        };
    }

    /// <summary>Copies the fields an update mask names from the request onto the current settings.</summary>
    public static TopicSettings ApplyMask(TopicSettings current, ProtoTopic requested, IEnumerable<string> paths)
    {
        var settings = current;
        foreach (var path in paths)
        {
            settings = path switch
            {
                "labels" => settings with { Labels = new Dictionary<string, string>(requested.Labels) },
                "kms_key_name" => settings with { KmsKeyName = requested.KmsKeyName },
                "message_retention_duration" => settings with { MessageRetentionDuration = ProtoTime.ToTimeSpan(requested.MessageRetentionDuration) },
                "message_storage_policy" => settings with { MessageStoragePolicy = ToDomain(requested.MessageStoragePolicy) },
                // Clearing a feature Tidings lacks leaves the topic as it is (gcloud's --clear-schema-settings and the
                // like); only setting one is refused.
                "schema_settings" => requested.SchemaSettings is null ? settings : throw PubSubErrors.NotSupportedYet(path),
                "ingestion_data_source_settings" => requested.IngestionDataSourceSettings is null ? settings : throw PubSubErrors.NotSupportedYet(path),
                "message_transforms" => requested.MessageTransforms.Count == 0 ? settings : throw PubSubErrors.NotSupportedYet(path),
                _ => throw PubSubErrors.UnknownUpdateMaskField("UpdateTopicRequest", "Topic", path),
            };
        }
        return settings;
    }

    private static MessageStoragePolicy? ToDomain(ProtoStoragePolicy? policy) =>
        policy is null ? null : new MessageStoragePolicy([.. policy.AllowedPersistenceRegions], policy.EnforceInTransit);

    private static void RefuseUnsupported(ProtoTopic topic)
    {
        if (topic.SchemaSettings is not null)
        {
            throw PubSubErrors.NotSupportedYet("schema_settings");
        }
        if (topic.IngestionDataSourceSettings is not null)
        {
            throw PubSubErrors.NotSupportedYet("ingestion_data_source_settings");
        }
        if (topic.MessageTransforms.Count > 0)
        {
            throw PubSubErrors.NotSupportedYet("message_transforms");
        }
    }
}
