using Tidings.PubSub.Schemas;
using ProtoSchema = Google.Cloud.PubSub.V1.Schema;
using ProtoSchemaView = Google.Cloud.PubSub.V1.SchemaView;

namespace Tidings.Api.Modules.PubSub.Mapping;

/// <summary>Schemas and their revisions between the wire and the domain.</summary>
internal static class SchemaMapping
{
    /// <param name="name">The name to answer with: the schema's, or <c>schema@revision</c> when the request named a revision (AIP-162).</param>
    public static ProtoSchema ToProto(string name, SchemaRevision revision, ProtoSchemaView view)
    {
        var proto = new ProtoSchema
        {
            Name = name,
            Type = (ProtoSchema.Types.Type)revision.Type,
            RevisionId = revision.Id,
            RevisionCreateTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(revision.CreateTime),
        };
        if (view != ProtoSchemaView.Basic)
        {
            proto.Definition = revision.Definition;
        }
        return proto;
    }

    public static ProtoSchema ToProto(RegisteredSchema schema, ProtoSchemaView view) => ToProto(schema.Name.FullName, schema.Latest, view);

    public static SchemaType ToDomain(ProtoSchema.Types.Type type) => (SchemaType)type;

    public static SchemaEncoding ToDomain(Google.Cloud.PubSub.V1.Encoding encoding) => (SchemaEncoding)encoding;
}
