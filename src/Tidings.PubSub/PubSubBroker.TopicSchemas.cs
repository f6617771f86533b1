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
        var schema = _schemas.Find(name.FullName) ?? throw PubSubErrors.NotFound(name.Id);
        var first = Bound(schema, "first_revision_id", settings.FirstRevisionId);
        var last = Bound(schema, "last_revision_id", settings.LastRevisionId);
        if (first is not null && last is not null && first.Sequence > last.Sequence)
        {
            throw SchemaErrors.RevisionBoundsReversed(first.Id, last.Id);
        }
    }

    /// <summary>Validates messages against the topic's schema, if it has one, and returns them with Google's schema attributes.</summary>
    private IReadOnlyList<PublishMessage> ApplyTopicSchema(Topic topic, IReadOnlyList<PublishMessage> messages)
    {
        if (topic.Settings.SchemaSettings is not { } settings)
        {
            return messages;
        }
        var schema = settings.Schema == TopicSchemaSettings.DeletedSchema ? null : _schemas.Find(settings.Schema);
        return TopicSchemaGate.Validate(settings, schema, messages);
    }

    private static SchemaRevision? Bound(RegisteredSchema schema, string field, string revisionId) =>
        string.IsNullOrEmpty(revisionId)
            ? null
            : schema.FindRevision(revisionId) ?? throw SchemaErrors.UnknownRevisionBound(field, revisionId, schema.Name.FullName);
}
