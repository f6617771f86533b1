using System.Text;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Schemas.Avro;
using Tidings.PubSub.Schemas.Protobuf;

namespace Tidings.PubSub.Schemas;

/// <summary>Parses a definition of either type into a <see cref="CompiledSchema"/>, refusing invalid ones with INVALID_ARGUMENT.</summary>
internal static class SchemaCompiler
{
    /// <summary>Google's quota page: "The size of the schema definition field must be at most 300 KB."</summary>
    public const int MaxDefinitionBytes = 300 * 1024;

    public static CompiledSchema Compile(SchemaType type, string definition)
    {
        if (type is not (SchemaType.Avro or SchemaType.ProtocolBuffer))
        {
            throw SchemaErrors.InvalidSchemaType();
        }
        var bytes = Encoding.UTF8.GetByteCount(definition);
        if (bytes > MaxDefinitionBytes)
        {
            throw SchemaErrors.DefinitionTooLarge(bytes, MaxDefinitionBytes);
        }
        if (string.IsNullOrWhiteSpace(definition))
        {
            throw SchemaErrors.InvalidDefinition(SchemaNames.Of(type), "the definition is empty.");
        }
        return type == SchemaType.Avro ? AvroDefinition.Compile(definition) : ProtoDefinition.Compile(definition);
    }
}
