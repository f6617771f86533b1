namespace Tidings.PubSub.Schemas.Protobuf;

/// <summary>A Protocol Buffer message type ready to validate messages in either encoding.</summary>
internal sealed class ProtoCompiledSchema(ProtoMessageShape root) : CompiledSchema
{
    public ProtoMessageShape Root { get; } = root;

    public override string? Validate(ReadOnlySpan<byte> data, SchemaEncoding encoding) =>
        encoding == SchemaEncoding.Binary ? ProtoBinaryValidator.Validate(Root, data) : ProtoJsonValidator.Validate(Root, data);

    public override string? FindIncompatibility(CompiledSchema previous) =>
        ProtoCompatibility.Check(Root, ((ProtoCompiledSchema)previous).Root);
}
