namespace Tidings.PubSub.Schemas.Avro;

/// <summary>An Avro schema ready to validate messages in either encoding.</summary>
internal sealed class AvroCompiledSchema(global::Avro.Schema root) : CompiledSchema
{
    public global::Avro.Schema Root { get; } = root;

    public override string? Validate(ReadOnlySpan<byte> data, SchemaEncoding encoding) =>
        encoding == SchemaEncoding.Binary ? AvroBinaryValidator.Validate(Root, data) : AvroJsonValidator.Validate(Root, data);

    public override string? FindIncompatibility(CompiledSchema previous)
    {
        var earlier = ((AvroCompiledSchema)previous).Root;
        return AvroCompatibility.CanRead(Root, earlier) ?? AvroCompatibility.CanRead(earlier, Root);
    }
}
