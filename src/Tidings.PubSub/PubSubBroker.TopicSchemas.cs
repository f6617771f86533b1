using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Schemas;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub;

public sealed partial class PubSubBroker
{
    /// <summary>
    /// Checks a topic's schema settings when they are set or changed: the schema must exist and the revision bounds
    /// be its revisions, the first not newer than the last. Unchanged settings pass, even once their schema was deleted.
    /// </summary>
    private void ValidateSchemaSettings(TopicSchemaSettings? settings, TopicSchemaSettings? current)
    {
        if (settings is null || settings == current)
        {
            return;
        }
        if (string.IsNullOrEmpty(settings.Schema))
        {
            throw SchemaErrors.SchemaSettingsWithoutSchema();
        }
        var name = ResourceName.Parse(ResourceKind.Schema, settings.Schema);
        var schema = FindSchema(name.FullName) ?? throw PubSubErrors.NotFound(name.Id);
        if (!HasRevision(schema, settings.FirstRevisionId) || !HasRevision(schema, settings.LastRevisionId))
        {
            schema = ReloadSchema(name.FullName, schema) ?? throw PubSubErrors.NotFound(name.Id); // committed on another node?
        }
        var first = Bound(schema, "first_revision_id", settings.FirstRevisionId);
        var last = Bound(schema, "last_revision_id", settings.LastRevisionId);
        if (first is not null && last is not null && first.Sequence > last.Sequence)
        {
            throw SchemaErrors.RevisionBoundsReversed(first.Id, last.Id);
        }
    }

    /// <summary>
    /// Validates messages against the topic's schema, if it has one, and returns them with Google's schema attributes.
    /// With cells, messages the schema refuses are validated once more against it as stored, which a revision
    /// committed on another node may have changed.
    /// </summary>
    private IReadOnlyList<PublishMessage> ApplyTopicSchema(Topic topic, IReadOnlyList<PublishMessage> messages)
    {
        if (topic.Settings.SchemaSettings is not { } settings)
        {
            return messages;
        }
        var schema = settings.Schema == TopicSchemaSettings.DeletedSchema ? null : FindSchema(settings.Schema);
        if (!SchemasShared || schema is null)
        {
            return TopicSchemaGate.Validate(settings, schema, messages);
        }
        try
        {
            return TopicSchemaGate.Validate(settings, schema, messages);
        }
        catch (TidingsException)
        {
            var fresh = RecheckRefusingSchema(schema);
            if (ReferenceEquals(fresh, schema))
            {
                throw;
            }
            return TopicSchemaGate.Validate(settings, fresh, messages);
        }
    }

    private static bool HasRevision(RegisteredSchema schema, string revisionId) =>
        string.IsNullOrEmpty(revisionId) || schema.FindRevision(revisionId) is not null;

    private static SchemaRevision? Bound(RegisteredSchema schema, string field, string revisionId) =>
        string.IsNullOrEmpty(revisionId)
            ? null
            : schema.FindRevision(revisionId) ?? throw SchemaErrors.UnknownRevisionBound(field, revisionId, schema.Name.FullName);
}
