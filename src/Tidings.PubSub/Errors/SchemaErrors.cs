using Tidings.Kernel.Errors;
using Tidings.PubSub.Schemas;

namespace Tidings.PubSub.Errors;

/// <summary>
/// Every error the schema service and schema validation answer, with Google's code and, where it is known, its text.
/// Google's texts: the publish failure and its <c>ErrorInfo</c> (reason, metadata and the revision summary), the
/// "too much data" detail, the compatibility prefix, the deleted-schema publish failure (the emulator's) and
/// <c>Invalid schema type</c> (the emulator's). The others are Tidings' own, written in Google's manner and naming
/// what is wrong; each says so below.
/// </summary>
public static class SchemaErrors
{
    /// <summary>Google's top-level text for a message that no allowed revision accepts (publish and ValidateMessage).</summary>
    public const string ValidationFailedMessage = "Invalid data in message: Message failed schema validation.";

    /// <summary>The <c>message</c> entry of the failure's <c>ErrorInfo</c> metadata.</summary>
    public const string ValidationFailedSummary = "Message failed schema validation";

    /// <summary>A schema of type <c>TYPE_UNSPECIFIED</c> (the emulator's text).</summary>
    public static TidingsException InvalidSchemaType() =>
        new(ErrorCode.InvalidArgument, "Invalid schema type");

    /// <summary>A definition that does not parse or breaks Pub/Sub's rules; <paramref name="detail"/> says what is wrong (Tidings' text).</summary>
    /// <param name="type">The wire name, <c>AVRO</c> or <c>PROTOCOL_BUFFER</c>.</param>
    public static TidingsException InvalidDefinition(string type, string detail) =>
        new(ErrorCode.InvalidArgument, $"Invalid {type} schema definition: {detail}");

    /// <summary>A definition over the 300 KB Google's quota page allows.</summary>
    public static TidingsException DefinitionTooLarge(int bytes, int maximum) => PubSubErrors.ValueTooLarge("definition", bytes, maximum);

    /// <summary>A commit whose type differs from the schema's (Tidings' text).</summary>
    public static TidingsException TypeChanged(string schemaType, string requestedType) =>
        new(ErrorCode.InvalidArgument, $"A schema revision must have the schema's type: the schema is {schemaType}, the revision {requestedType}.");

    /// <summary>A commit that an earlier revision could not read or be read by. The prefix is Google's; <paramref name="detail"/> is Tidings'.</summary>
    public static TidingsException IncompatibleRevision(string previousRevisionId, string detail) =>
        new(ErrorCode.InvalidArgument, $"Compatibility checking failed to commit a schema revision: Revision is incompatible with previous revision: {previousRevisionId}. {detail}");

    /// <summary>A commit or rollback past Google's quota of revisions per schema (Tidings' text).</summary>
    public static TidingsException TooManyRevisions(int maximum) =>
        new(ErrorCode.ResourceExhausted, $"A schema can have at most {maximum} revisions. Delete a revision before committing another.");

    /// <summary>DeleteSchemaRevision of a schema's only revision: AIP-162's code, Tidings' text.</summary>
    public static TidingsException LastRevision(string name) =>
        new(ErrorCode.FailedPrecondition, $"Cannot delete the only revision of a schema (name={name}).");

    /// <summary>DeleteSchemaRevision without a revision id: AIP-162's code, Tidings' text.</summary>
    public static TidingsException RevisionIdRequired(string name) =>
        new(ErrorCode.InvalidArgument, $"A revision id is required to delete a schema revision: name it as schema@revision (name={name}).");

    /// <summary>RollbackSchema without a revision id (Tidings' text).</summary>
    public static TidingsException RollbackRevisionRequired() =>
        new(ErrorCode.InvalidArgument, "The revision_id to roll back to must be set.");

    /// <summary>ValidateMessage that names no schema and carries none (Tidings' text).</summary>
    public static TidingsException SchemaSpecRequired() =>
        new(ErrorCode.InvalidArgument, "Either name or schema must be set to validate a message.");

    /// <summary>A topic's schema settings naming a revision the schema does not have (Tidings' text).</summary>
    /// <param name="field"><c>first_revision_id</c> or <c>last_revision_id</c>.</param>
    public static TidingsException UnknownRevisionBound(string field, string revisionId, string schema) =>
        new(ErrorCode.InvalidArgument, $"Invalid schema_settings: {field} {revisionId} is not a revision of schema {schema}.");

    /// <summary>A topic's schema settings whose first revision is newer than its last (Tidings' text).</summary>
    public static TidingsException RevisionBoundsReversed(string firstRevisionId, string lastRevisionId) =>
        new(ErrorCode.InvalidArgument, $"Invalid schema_settings: first_revision_id {firstRevisionId} was created after last_revision_id {lastRevisionId}.");

    /// <summary>A topic's schema settings without a schema (Tidings' text).</summary>
    public static TidingsException SchemaSettingsWithoutSchema() =>
        new(ErrorCode.InvalidArgument, "Invalid schema_settings: schema must be set.");

    /// <summary>A publish to a topic whose schema was deleted (the emulator's text).</summary>
    public static TidingsException TopicSchemaDeleted() =>
        new(ErrorCode.NotFound, "Schema associated with topic deleted.");

    /// <summary>
    /// Google's failure of a publish (or ValidateMessage): the whole request is refused, with an <c>ErrorInfo</c> whose
    /// reason names the encoding and type (e.g. <c>INVALID_JSON_AVRO_MESSAGE</c>) and whose <c>revisionInfo</c> says
    /// which revision was checked last and why it refused.
    /// </summary>
    public static TidingsException MessageFailedValidation(SchemaEncoding encoding, SchemaType type, string revisionInfo)
    {
        var reason = $"INVALID_{SchemaNames.Of(encoding)}_{(type == SchemaType.Avro ? "AVRO" : "PROTO")}_MESSAGE";
        var metadata = new Dictionary<string, string>
        {
            ["message"] = ValidationFailedSummary,
            ["revisionInfo"] = revisionInfo,
        };
        return new TidingsException(ErrorCode.InvalidArgument, ValidationFailedMessage, new ErrorInfo(reason, PubSubErrors.Domain, metadata));
    }

    /// <summary>Google's summary of the revisions tried for a topic's schema.</summary>
    public static string RevisionInfo(string schema, string lastRevisionId, string detail) =>
        $"Could not validate message with any schema revision for schema: {schema}, last checked revision: revision_id={lastRevisionId} failed with status: {detail}";

    /// <summary>ValidateMessage against a definition given in the request, which has no revision (Tidings' text, in Google's manner).</summary>
    public static string InlineSchemaInfo(string detail) =>
        $"Could not validate message with the schema given in the request: failed with status: {detail}";
}
