using System.Text.Json;
using Tidings.PubSub.Names;
using Tidings.PubSub.Schemas;
using Tidings.Storage.State;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// How schemas are kept in the state store: one document per schema holding all its revisions (see FORMAT.md).
/// Definitions are stored as given and compiled again after a restart, on first use.
/// </summary>
internal static class SchemaDocuments
{
    public const string SchemaKind = "pubsub.schema";

    public static StateChange Put(RegisteredSchema schema) =>
        StateChange.Put(SchemaKind, schema.Name.FullName, JsonSerializer.SerializeToUtf8Bytes(new SchemaDocument(
            PubSubDocuments.FormatVersion,
            [.. schema.Revisions.Select(revision => new SchemaRevisionDocument(
                revision.Id, revision.Sequence, revision.Type, revision.Definition, (revision.CreateTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10))],
            new Dictionary<string, long>(schema.RetiredRevisions))));

    public static StateChange Delete(RegisteredSchema schema) => StateChange.Delete(SchemaKind, schema.Name.FullName);

    public static RegisteredSchema Read(StateDocument document)
    {
        SchemaDocument stored;
        try
        {
            stored = JsonSerializer.Deserialize<SchemaDocument>(document.Value) ?? throw Corrupt(document);
        }
        catch (JsonException exception)
        {
            throw Corrupt(document, exception);
        }
        PubSubDocuments.CheckVersion(document, stored.FormatVersion);
        if (stored.Revisions is not { Count: > 0 })
        {
            throw Corrupt(document);
        }
        var revisions = stored.Revisions
            .OrderBy(revision => revision.Sequence)
            .Select(revision => new SchemaRevision(revision.Id, revision.Sequence, revision.Type, revision.Definition,
                DateTimeOffset.UnixEpoch.AddTicks(revision.CreateTimeMicros * 10), compiled: null))
            .ToList();
        return new RegisteredSchema(ResourceName.Parse(ResourceKind.Schema, document.Key), revisions,
            stored.RetiredRevisions ?? new Dictionary<string, long>());
    }

    private static InvalidDataException Corrupt(StateDocument document, Exception? inner = null) =>
        new($"The stored {document.Kind} record '{document.Key}' cannot be read.", inner);
}

/// <param name="Revisions">Every live revision, oldest first.</param>
/// <param name="RetiredRevisions">Deleted revisions' sequence numbers by id.</param>
internal sealed record SchemaDocument(int FormatVersion, List<SchemaRevisionDocument> Revisions, Dictionary<string, long>? RetiredRevisions);

/// <param name="Type">Google's <c>Schema.Type</c> number: 1 Protocol Buffer, 2 Avro.</param>
/// <param name="CreateTimeMicros">revision_create_time, microseconds since the Unix epoch.</param>
internal sealed record SchemaRevisionDocument(string Id, long Sequence, SchemaType Type, string Definition, long CreateTimeMicros);
