using Tidings.PubSub.Errors;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Schemas;
using DomainTopic = Tidings.PubSub.Topics.Topic;
using ProtoSchemaSettings = Google.Cloud.PubSub.V1.SchemaSettings;
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
        if (settings.SchemaSettings is { } schema)
        {
            proto.SchemaSettings = new ProtoSchemaSettings
            {
                Schema = schema.Schema,
                Encoding = (Google.Cloud.PubSub.V1.Encoding)schema.Encoding,
                FirstRevisionId = schema.FirstRevisionId,
                LastRevisionId = schema.LastRevisionId,
            };
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
            SchemaSettings = ToDomain(topic.SchemaSettings),
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
                "schema_settings" => settings with { SchemaSettings = ToDomain(requested.SchemaSettings) },
                "schema_settings.schema" or "schema_settings.encoding" or "schema_settings.first_revision_id" or "schema_settings.last_revision_id" =>
                    settings with { SchemaSettings = ApplySchemaField(settings.SchemaSettings, requested.SchemaSettings, path) },
                // Clearing a feature Tidings lacks leaves the topic as it is; only setting one is refused.
                "ingestion_data_source_settings" => requested.IngestionDataSourceSettings is null ? settings : throw PubSubErrors.NotSupportedYet(path),
                "message_transforms" => requested.MessageTransforms.Count == 0 ? settings : throw PubSubErrors.NotSupportedYet(path),
                _ => throw PubSubErrors.UnknownUpdateMaskField("UpdateTopicRequest", "Topic", path),
            };
        }
        return settings;
    }

    private static TopicSchemaSettings? ToDomain(ProtoSchemaSettings? settings) =>
        settings is null
            ? null
            : new TopicSchemaSettings(settings.Schema, (SchemaEncoding)settings.Encoding, settings.FirstRevisionId, settings.LastRevisionId);

    /// <summary>One field of the schema settings, as a nested update-mask path names it.</summary>
    private static TopicSchemaSettings ApplySchemaField(TopicSchemaSettings? current, ProtoSchemaSettings? requested, string path)
    {
        var settings = current ?? new TopicSchemaSettings("", SchemaEncoding.Unspecified, "", "");
        var given = requested ?? new ProtoSchemaSettings();
        return path switch
        {
            "schema_settings.schema" => settings with { Schema = given.Schema },
            "schema_settings.encoding" => settings with { Encoding = (SchemaEncoding)given.Encoding },
            "schema_settings.first_revision_id" => settings with { FirstRevisionId = given.FirstRevisionId },
            _ => settings with { LastRevisionId = given.LastRevisionId },
        };
    }

    private static MessageStoragePolicy? ToDomain(ProtoStoragePolicy? policy) =>
        policy is null ? null : new MessageStoragePolicy([.. policy.AllowedPersistenceRegions], policy.EnforceInTransit);

    private static void RefuseUnsupported(ProtoTopic topic)
    {
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
