using Tidings.Kernel.Errors;
using Tidings.PubSub.Schemas;

namespace Tidings.PubSub.Tests.Schemas;

/// <summary>Avro definitions: parsed by Apache.Avro, refused with INVALID_ARGUMENT naming what is wrong.</summary>
public sealed class AvroDefinitionTests
{
    [Theory]
    [InlineData(AvroSamples.Order)]
    [InlineData("\"string\"")]
    [InlineData("""["null", "long"]""")]
    [InlineData("""{"type": "record", "name": "Node", "fields": [{"name": "next", "type": ["null", "Node"]}]}""")]
    public void Compile_ValidDefinition_Compiles(string definition) =>
        Assert.NotNull(SchemaCompiler.Compile(SchemaType.Avro, definition));

    [Theory]
    [InlineData("""{"type": "record", "name": "R", "fields": [{"name": "a", "type": "nosuchtype"}]}""", "nosuchtype")]
    [InlineData("""{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}""", "not valid JSON")]
    [InlineData("""{"type": "enum", "name": "E", "symbols": ["A", "A"]}""", "A")]
    [InlineData("""{"type": "fixed", "name": "F"}""", "size")]
    [InlineData("""{"type": "nosuchtype"}""", "its type is not a known type")]
    [InlineData("""{"type": "enum", "name": "E", "symbols": ["a b"]}""", "invalid symbol \"a b\" in enum E.")]
    [InlineData("""{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "default": "x"}]}""", "the default value \"x\" of field a in record R is not a value of its type.")]
    [InlineData("""{"type": "record", "name": "R", "fields": [{"name": "a", "type": ["null", "int"], "default": 1}]}""", "of field a in record R is not a value of its type.")]
    [InlineData("[]", "a union must have at least one branch.")]
    public void Compile_InvalidDefinition_InvalidArgumentSayingWhy(string definition, string mentioned)
    {
        var error = Assert.Throws<TidingsException>(() => SchemaCompiler.Compile(SchemaType.Avro, definition));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith("Invalid AVRO schema definition: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_EmptyDefinition_InvalidArgument()
    {
        var error = Assert.Throws<TidingsException>(() => SchemaCompiler.Compile(SchemaType.Avro, "  "));

        Assert.Equal("Invalid AVRO schema definition: the definition is empty.", error.Message);
    }

    [Fact]
    public void Compile_UnspecifiedType_InvalidSchemaType()
    {
        var error = Assert.Throws<TidingsException>(() => SchemaCompiler.Compile(SchemaType.Unspecified, AvroSamples.Order));

        Assert.Equal("Invalid schema type", error.Message);
    }

    [Fact]
    public void Compile_DefinitionOver300KB_InvalidArgument()
    {
        var error = Assert.Throws<TidingsException>(() => SchemaCompiler.Compile(SchemaType.Avro, new string(' ', 300 * 1024 + 1)));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("definition is too large", error.Message, StringComparison.Ordinal);
    }
}
