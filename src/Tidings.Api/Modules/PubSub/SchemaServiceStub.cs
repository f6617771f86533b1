using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tidings.Api.Errors;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// google.pubsub.v1.SchemaService until schemas land: every call answers UNIMPLEMENTED with a clear message
/// instead of the bare status an unmapped service would give.
/// </summary>
internal sealed class SchemaServiceStub : SchemaService.SchemaServiceBase
{
    private const string Feature = "Schemas";

    public override Task<Schema> CreateSchema(CreateSchemaRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(Feature);

    public override Task<Schema> GetSchema(GetSchemaRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(Feature);

    public override Task<ListSchemasResponse> ListSchemas(ListSchemasRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(Feature);

    public override Task<ListSchemaRevisionsResponse> ListSchemaRevisions(ListSchemaRevisionsRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(Feature);

    public override Task<Schema> CommitSchema(CommitSchemaRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(Feature);

    public override Task<Schema> RollbackSchema(RollbackSchemaRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(Feature);

    public override Task<Schema> DeleteSchemaRevision(DeleteSchemaRevisionRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(Feature);

    public override Task<Empty> DeleteSchema(DeleteSchemaRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(Feature);

    public override Task<ValidateSchemaResponse> ValidateSchema(ValidateSchemaRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(Feature);

    public override Task<ValidateMessageResponse> ValidateMessage(ValidateMessageRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(Feature);
}
