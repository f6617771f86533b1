using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Schemas;
using Tidings.Testing.Errors;

namespace Tidings.PubSub.Tests.Errors;

/// <summary>The schema error catalogue: every factory's code and text pinned.</summary>
public sealed class SchemaErrorsTests : ErrorCatalogueTests
{
    protected override Type Catalogue => typeof(SchemaErrors);

    protected override IReadOnlyList<ErrorPin> Pins => PinList;

    protected override IReadOnlyCollection<string> PinnedElsewhere => [nameof(SchemaErrors.MessageFailedValidation)];

    [Fact]
    public void MessageFailedValidation_BinaryProto_GoogleReasonAndMetadata()
    {
        var error = SchemaErrors.MessageFailedValidation(SchemaEncoding.Binary, SchemaType.ProtocolBuffer, "info");

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Invalid data in message: Message failed schema validation.", error.Message);
        Assert.Equal("INVALID_BINARY_PROTO_MESSAGE", error.Info!.Reason);
        Assert.Equal("pubsub.googleapis.com", error.Info.Domain);
        Assert.Equal("Message failed schema validation", error.Info.Metadata["message"]);
        Assert.Equal("info", error.Info.Metadata["revisionInfo"]);
    }

    [Fact]
    public void RevisionInfo_GoogleFormat() =>
        Assert.Equal(
            "Could not validate message with any schema revision for schema: projects/p/schemas/s, last checked revision: revision_id=361d6627 failed with status: Too much data to parse for schema.",
            SchemaErrors.RevisionInfo("projects/p/schemas/s", "361d6627", "Too much data to parse for schema."));

    private static readonly ErrorPin[] PinList =
    [
        new(nameof(SchemaErrors.InvalidSchemaType), SchemaErrors.InvalidSchemaType, ErrorCode.InvalidArgument, "Invalid schema type"),
        new(nameof(SchemaErrors.InvalidDefinition), () => SchemaErrors.InvalidDefinition("AVRO", "bad."), ErrorCode.InvalidArgument, "Invalid AVRO schema definition: bad."),
        new(nameof(SchemaErrors.DefinitionTooLarge), () => SchemaErrors.DefinitionTooLarge(307201, 307200), ErrorCode.InvalidArgument,
            "The value for definition is too large. You passed 307201 in the request, but the maximum value is 307200."),
        new(nameof(SchemaErrors.TypeChanged), () => SchemaErrors.TypeChanged("AVRO", "PROTOCOL_BUFFER"), ErrorCode.InvalidArgument,
            "A schema revision must have the schema's type: the schema is AVRO, the revision PROTOCOL_BUFFER."),
        new(nameof(SchemaErrors.IncompatibleRevision), () => SchemaErrors.IncompatibleRevision("285ae575", "x of type string is not compatible with x of type int64"), ErrorCode.InvalidArgument,
            "Compatibility checking failed to commit a schema revision: Revision is incompatible with previous revision: 285ae575. x of type string is not compatible with x of type int64"),
        new(nameof(SchemaErrors.TooManyRevisions), () => SchemaErrors.TooManyRevisions(20), ErrorCode.ResourceExhausted,
            "A schema can have at most 20 revisions. Delete a revision before committing another."),
        new(nameof(SchemaErrors.LastRevision), () => SchemaErrors.LastRevision("projects/p/schemas/s@1a2b3c4d"), ErrorCode.FailedPrecondition,
            "Cannot delete the only revision of a schema (name=projects/p/schemas/s@1a2b3c4d)."),
        new(nameof(SchemaErrors.RevisionIdRequired), () => SchemaErrors.RevisionIdRequired("projects/p/schemas/s"), ErrorCode.InvalidArgument,
            "A revision id is required to delete a schema revision: name it as schema@revision (name=projects/p/schemas/s)."),
        new(nameof(SchemaErrors.RollbackRevisionRequired), SchemaErrors.RollbackRevisionRequired, ErrorCode.InvalidArgument, "The revision_id to roll back to must be set."),
        new(nameof(SchemaErrors.SchemaSpecRequired), SchemaErrors.SchemaSpecRequired, ErrorCode.InvalidArgument, "Either name or schema must be set to validate a message."),
        new(nameof(SchemaErrors.UnknownRevisionBound), () => SchemaErrors.UnknownRevisionBound("last_revision_id", "deadbeef", "projects/p/schemas/s"), ErrorCode.InvalidArgument,
            "Invalid schema_settings: last_revision_id deadbeef is not a revision of schema projects/p/schemas/s."),
        new(nameof(SchemaErrors.RevisionBoundsReversed), () => SchemaErrors.RevisionBoundsReversed("bbbbbbbb", "aaaaaaaa"), ErrorCode.InvalidArgument,
            "Invalid schema_settings: first_revision_id bbbbbbbb was created after last_revision_id aaaaaaaa."),
        new(nameof(SchemaErrors.SchemaSettingsWithoutSchema), SchemaErrors.SchemaSettingsWithoutSchema, ErrorCode.InvalidArgument, "Invalid schema_settings: schema must be set."),
        new(nameof(SchemaErrors.TopicSchemaDeleted), SchemaErrors.TopicSchemaDeleted, ErrorCode.NotFound, "Schema associated with topic deleted."),
    ];
}
