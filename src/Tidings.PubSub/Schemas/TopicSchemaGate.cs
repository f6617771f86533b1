using Tidings.PubSub.Errors;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Resources;

namespace Tidings.PubSub.Schemas;

/// <summary>
/// What a topic's schema settings do on publish: each message must validate against one of the revisions in the
/// topic's range (newest tried first); one that none accepts fails the whole request with Google's error. Accepted
/// messages carry Google's attributes naming the schema, the encoding and the revision that accepted them.
/// </summary>
internal static class TopicSchemaGate
{
    public const string SchemaNameAttribute = "googclient_schemaname";
    public const string SchemaEncodingAttribute = "googclient_schemaencoding";
    public const string SchemaRevisionAttribute = "googclient_schemarevisionid";

    /// <param name="schema">The bound schema as it is now; null when it was deleted.</param>
    /// <returns>The messages with the schema attributes added, in request order.</returns>
    public static PublishMessage[] Validate(TopicSchemaSettings settings, RegisteredSchema? schema, IReadOnlyList<PublishMessage> messages)
    {
        if (schema is null || settings.Schema == TopicSchemaSettings.DeletedSchema)
        {
            throw SchemaErrors.TopicSchemaDeleted();
        }
        var candidates = RevisionsInRange(settings, schema);
        var encoding = settings.Encoding == SchemaEncoding.Binary ? SchemaEncoding.Binary : SchemaEncoding.Json;
        var encodingName = SchemaNames.Of(encoding);
        var stamped = new PublishMessage[messages.Count];
        for (var i = 0; i < stamped.Length; i++)
        {
            var accepted = Accepting(candidates, messages[i].Data.Span, encoding, schema);
            stamped[i] = Stamp(messages[i], schema.Name.FullName, encodingName, accepted.Id);
        }
        return stamped;
    }

    /// <summary>The live revisions from the first to the last bound (by creation order), newest first.</summary>
    internal static SchemaRevision[] RevisionsInRange(TopicSchemaSettings settings, RegisteredSchema schema)
    {
        var first = string.IsNullOrEmpty(settings.FirstRevisionId) ? long.MinValue : schema.SequenceOf(settings.FirstRevisionId) ?? long.MinValue;
        var last = string.IsNullOrEmpty(settings.LastRevisionId) ? long.MaxValue : schema.SequenceOf(settings.LastRevisionId) ?? long.MaxValue;
        return [.. schema.Revisions.Where(revision => revision.Sequence >= first && revision.Sequence <= last).Reverse()];
    }

    private static SchemaRevision Accepting(SchemaRevision[] candidates, ReadOnlySpan<byte> data, SchemaEncoding encoding, RegisteredSchema schema)
    {
        string? detail = null;
        SchemaRevision? last = null;
        foreach (var revision in candidates)
        {
            detail = revision.Compiled.Validate(data, encoding);
            if (detail is null)
            {
                return revision;
            }
            last = revision;
        }
        var info = last is null
            ? SchemaErrors.RevisionInfo(schema.Name.FullName, "", "the topic's revision range holds no revision of the schema.")
            : SchemaErrors.RevisionInfo(schema.Name.FullName, last.Id, detail!);
        throw SchemaErrors.MessageFailedValidation(encoding, schema.Type, info);
    }

    /// <summary>Replaces any attributes of Google's names the publisher sent with the server's.</summary>
    private static PublishMessage Stamp(PublishMessage message, string schemaName, string encoding, string revisionId)
    {
        var attributes = new List<KeyValuePair<string, string>>(message.Attributes.Count + 3);
        foreach (var attribute in message.Attributes)
        {
            if (attribute.Key is not (SchemaNameAttribute or SchemaEncodingAttribute or SchemaRevisionAttribute))
            {
                attributes.Add(attribute);
            }
        }
        attributes.Add(new(SchemaNameAttribute, schemaName));
        attributes.Add(new(SchemaEncodingAttribute, encoding));
        attributes.Add(new(SchemaRevisionAttribute, revisionId));
        return message with { Attributes = attributes };
    }
}
