using Tidings.Kernel.Errors;
using Tidings.PubSub.Schemas;

namespace Tidings.PubSub.Tests.Schemas;

/// <summary>Protocol Buffer definitions from .proto text: Google's rules (one top-level type, no imports) and parse errors.</summary>
public sealed class ProtoDefinitionTests
{
    [Theory]
    [InlineData(ProtoSamples.Order)]
    [InlineData("syntax = \"proto2\"; message A { optional int32 x = 1; }")]
    [InlineData("edition = \"2023\"; message A { int32 x = 1; }")]
    [InlineData("syntax = \"proto3\"; message Tree { repeated Tree children = 1; string label = 2; }")]
    public void Compile_ValidDefinition_Compiles(string definition) =>
        Assert.NotNull(SchemaCompiler.Compile(SchemaType.ProtocolBuffer, definition));

    [Theory]
    [InlineData("syntax = \"proto3\"; message A { int32 x = 1 }", "line 1, column 44: expected Symbol ';'.")]
    [InlineData("syntax = \"proto3\"; message A { Missing x = 1; }", "type not found: 'Missing'.")]
    [InlineData("syntax = \"proto3\"; import \"google/protobuf/timestamp.proto\"; message A { google.protobuf.Timestamp t = 1; }",
        "import statements are not supported (import \"google/protobuf/timestamp.proto\"); define every type the message uses inside the definition.")]
    [InlineData("syntax = \"proto3\"; message A { int32 x = 1; } message B { int32 y = 1; }",
        "it must define exactly one top-level type, a message; it defines 2 messages and 0 enums at the top level.")]
    [InlineData("syntax = \"proto3\"; enum E { E0 = 0; } message A { E e = 1; }",
        "it must define exactly one top-level type, a message; it defines 1 messages and 1 enums at the top level.")]
    [InlineData("syntax = \"proto3\";", "it must define exactly one top-level type, a message; it defines 0 messages and 0 enums at the top level.")]
    public void Compile_InvalidDefinition_InvalidArgumentSayingWhat(string definition, string detail)
    {
        var error = Assert.Throws<TidingsException>(() => SchemaCompiler.Compile(SchemaType.ProtocolBuffer, definition));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.EndsWith(detail, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Invalid PROTOCOL_BUFFER schema definition: ", error.Message, StringComparison.Ordinal);
    }
}
