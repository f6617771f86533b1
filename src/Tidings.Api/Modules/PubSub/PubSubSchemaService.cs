using Google.Cloud.PubSub.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tidings.Api.Modules.PubSub.Mapping;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.PubSub.Errors;

namespace Tidings.Api.Modules.PubSub;

/// <summary>
/// google.pubsub.v1.SchemaService over the engine. Views: GetSchema answers FULL unless asked for BASIC; the listings
/// answer BASIC (no definition) unless asked for FULL, as Google's do.
/// </summary>
internal sealed class PubSubSchemaService(PubSubCells cells) : SchemaService.SchemaServiceBase
{
    public override Task<Schema> CreateSchema(CreateSchemaRequest request, ServerCallContext context)
    {
        var schema = request.Schema ?? new Schema();
        var created = cells.ForSchema($"{request.Parent}/schemas/{request.SchemaId}").CreateSchema(request.Parent, request.SchemaId, SchemaMapping.ToDomain(schema.Type), schema.Definition);
        return Task.FromResult(SchemaMapping.ToProto(created, SchemaView.Full));
    }

    public override Task<Schema> GetSchema(GetSchemaRequest request, ServerCallContext context)
    {
        var (_, revision) = cells.ForSchema(request.Name).GetSchema(request.Name);
        return Task.FromResult(SchemaMapping.ToProto(request.Name, revision, request.View));
    }

    public override Task<ListSchemasResponse> ListSchemas(ListSchemasRequest request, ServerCallContext context)
    {
        var page = cells.ListSchemas(request.Parent, request.PageSize, request.PageToken);
        var response = new ListSchemasResponse { NextPageToken = page.NextPageToken };
        response.Schemas.Add(page.Items.Select(schema => SchemaMapping.ToProto(schema, ListView(request.View))));
        return Task.FromResult(response);
    }

    public override Task<ListSchemaRevisionsResponse> ListSchemaRevisions(ListSchemaRevisionsRequest request, ServerCallContext context)
    {
        var page = cells.ForSchema(request.Name).ListSchemaRevisions(request.Name, request.PageSize, request.PageToken);
        var response = new ListSchemaRevisionsResponse { NextPageToken = page.NextPageToken };
        response.Schemas.Add(page.Items.Select(revision => SchemaMapping.ToProto(request.Name, revision, ListView(request.View))));
        return Task.FromResult(response);
    }

    public override Task<Schema> CommitSchema(CommitSchemaRequest request, ServerCallContext context)
    {
        var schema = request.Schema ?? new Schema();
        var committed = cells.ForSchema(request.Name).CommitSchema(request.Name, SchemaMapping.ToDomain(schema.Type), schema.Definition);
        return Task.FromResult(SchemaMapping.ToProto(committed, SchemaView.Full));
    }

    public override Task<Schema> RollbackSchema(RollbackSchemaRequest request, ServerCallContext context) =>
        Task.FromResult(SchemaMapping.ToProto(cells.ForSchema(request.Name).RollbackSchema(request.Name, request.RevisionId), SchemaView.Full));

    public override Task<Schema> DeleteSchemaRevision(DeleteSchemaRevisionRequest request, ServerCallContext context)
    {
#pragma warning disable CS0612 // revision_id is deprecated in Google's proto, yet older clients still send it
        var remaining = cells.ForSchema(request.Name).DeleteSchemaRevision(request.Name, request.RevisionId);
#pragma warning restore CS0612
        return Task.FromResult(SchemaMapping.ToProto(remaining, SchemaView.Full));
    }

    public override Task<Empty> DeleteSchema(DeleteSchemaRequest request, ServerCallContext context)
    {
        cells.ForSchema(request.Name).DeleteSchema(request.Name);
        return Task.FromResult(new Empty());
    }

    public override Task<ValidateSchemaResponse> ValidateSchema(ValidateSchemaRequest request, ServerCallContext context)
    {
        Tidings.PubSub.Names.ResourceName.ParseProject(request.Parent);
        var schema = request.Schema ?? new Schema();
        PubSubBroker.ValidateSchema(SchemaMapping.ToDomain(schema.Type), schema.Definition);
        return Task.FromResult(new ValidateSchemaResponse());
    }

    public override Task<ValidateMessageResponse> ValidateMessage(ValidateMessageRequest request, ServerCallContext context)
    {
        var inline = request.SchemaSpecCase == ValidateMessageRequest.SchemaSpecOneofCase.Schema
            ? (SchemaMapping.ToDomain(request.Schema.Type), request.Schema.Definition)
            : ((Tidings.PubSub.Schemas.SchemaType, string)?)null;
        var name = request.SchemaSpecCase == ValidateMessageRequest.SchemaSpecOneofCase.Name ? request.Name : null;
        if (name is null && inline is null)
        {
            throw SchemaErrors.SchemaSpecRequired();
        }
        cells.Any().ValidateMessage(request.Parent, name, inline, request.Message.Span, SchemaMapping.ToDomain(request.Encoding));
        return Task.FromResult(new ValidateMessageResponse());
    }

    /// <summary>Listings default to BASIC.</summary>
    private static SchemaView ListView(SchemaView requested) => requested == SchemaView.Full ? SchemaView.Full : SchemaView.Basic;
}
