using System.Text;
using Tidings.PubSub.Schemas;

namespace Tidings.PubSub.Tests.Schemas;

/// <summary>Messages checked against a hand-written proto3 message with nested types, in JSON and binary.</summary>
public sealed class ProtoValidationTests
{
    private readonly CompiledSchema _schema = SchemaCompiler.Compile(SchemaType.ProtocolBuffer, ProtoSamples.Order);

    [Fact]
    public void Validate_JsonOfEveryKind_Accepted() => Assert.Null(Json(ProtoSamples.ValidJson));

    [Fact]
    public void Validate_JsonWithProtoFieldNamesAndNumbers_Accepted() =>
        Assert.Null(Json("""{"id": 7, "ship_to": {"city": "x"}, "status": 1, "voucher": "v"}"""));

    [Fact]
    public void Validate_EmptyJsonObject_Accepted() => Assert.Null(Json("{}"));

    [Theory]
    [InlineData("""{"colour": "red"}""", "Message shop.Order has no field named \"colour\".")]
    [InlineData("""{"id": "seven"}""", "Field id expects a int64 value, not the string \"seven\".")]
    [InlineData("""{"status": "LOST"}""", "Field status expects a shop.Order.Status value, not the string \"LOST\".")]
    [InlineData("""{"quantities": 1}""", "Field quantities is repeated and must be a JSON array.")]
    [InlineData("""{"quantities": [1, 3000000000]}""", "Field quantities expects a int32 value, not the number 3000000000.")]
    [InlineData("""{"shipTo": {"town": "x"}}""", "Message shop.Order.Address has no field named \"town\".")]
    [InlineData("""{"card": "a", "voucher": "b"}""", "Fields card and voucher of message shop.Order belong to one oneof; set one.")]
    [InlineData("""{"blob": "not base64!"}""", "Field blob expects a bytes value, not the string \"not base64!\".")]
    [InlineData("""{"prices": {"eur": "cheap"}}""", "Field value expects a double value, not the string \"cheap\".")]
    [InlineData("""[1]""", "Message shop.Order must be a JSON object.")]
    public void Validate_InvalidJson_NamesTheProblem(string json, string detail) => Assert.Equal(detail, Json(json));

    [Fact]
    public void Validate_BinaryOfEveryKind_Accepted() =>
        Assert.Null(_schema.Validate(ProtoSamples.ValidBinary(), SchemaEncoding.Binary));

    [Fact]
    public void Validate_EmptyBinary_Accepted() => Assert.Null(_schema.Validate([], SchemaEncoding.Binary));

    [Fact]
    public void Validate_BinaryUnpackedRepeated_Accepted()
    {
        var bytes = new List<byte>();
        ProtoSamples.Tag(bytes, 4, 0);
        ProtoSamples.Varint(bytes, 3);
        ProtoSamples.Tag(bytes, 4, 0);
        ProtoSamples.Varint(bytes, 4);

        Assert.Null(_schema.Validate([.. bytes], SchemaEncoding.Binary));
    }

    [Fact]
    public void Validate_BinaryUnknownFieldNumber_Refused()
    {
        var bytes = ProtoSamples.ValidBinary().ToList();
        ProtoSamples.Tag(bytes, 99, 0);
        ProtoSamples.Varint(bytes, 1);

        Assert.Equal("Field number 99 is not defined in message shop.Order.", _schema.Validate([.. bytes], SchemaEncoding.Binary));
    }

    [Fact]
    public void Validate_BinaryWrongWireType_Refused()
    {
        var bytes = new List<byte>();
        ProtoSamples.LengthDelimited(bytes, 1, [1]);

        Assert.Equal("Field id (1) of type int64 was sent with wire type 2, not 0.", _schema.Validate([.. bytes], SchemaEncoding.Binary));
    }

    [Fact]
    public void Validate_BinaryUnterminatedVarint_Refused() =>
        Assert.Equal("Truncated or malformed value of field id (1).", _schema.Validate([0x08, 0xFF], SchemaEncoding.Binary));

    [Fact]
    public void Validate_BinaryBadNestedMessage_Refused()
    {
        var address = new List<byte>();
        ProtoSamples.Tag(address, 7, 0);
        ProtoSamples.Varint(address, 1);
        var bytes = new List<byte>();
        ProtoSamples.LengthDelimited(bytes, 5, [.. address]);

        Assert.Equal("Field number 7 is not defined in message shop.Order.Address.", _schema.Validate([.. bytes], SchemaEncoding.Binary));
    }

    [Fact]
    public void Validate_BinaryInvalidUtf8String_Refused()
    {
        var bytes = new List<byte>();
        ProtoSamples.LengthDelimited(bytes, 2, [0xC3, 0x28]);

        Assert.Equal("Field item (2) is a string but not valid UTF-8.", _schema.Validate([.. bytes], SchemaEncoding.Binary));
    }

    [Fact]
    public void Validate_JsonSentToBinaryTopic_Refused() =>
        Assert.NotNull(_schema.Validate(Encoding.UTF8.GetBytes(ProtoSamples.ValidJson), SchemaEncoding.Binary));

    [Fact]
    public void Validate_Proto2RequiredFieldMissing_Refused()
    {
        var schema = SchemaCompiler.Compile(SchemaType.ProtocolBuffer, """
            syntax = "proto2";
            message Ping { required int32 id = 1; optional string note = 2; }
            """);
        var bytes = new List<byte>();
        ProtoSamples.LengthDelimited(bytes, 2, "x"u8.ToArray());

        Assert.Equal("Required field id of message Ping is missing.", schema.Validate([.. bytes], SchemaEncoding.Binary));
        Assert.Equal("Required field id of message Ping is missing.", schema.Validate("{\"note\": \"x\"}"u8, SchemaEncoding.Json));
        Assert.Null(schema.Validate("{\"id\": 1}"u8, SchemaEncoding.Json));
    }

    [Fact]
    public void Validate_Proto2Group_Accepted()
    {
        var schema = SchemaCompiler.Compile(SchemaType.ProtocolBuffer, """
            syntax = "proto2";
            message Outer { optional group Inner = 1 { optional int32 x = 2; } }
            """);
        var bytes = new List<byte>();
        ProtoSamples.Tag(bytes, 1, 3);
        ProtoSamples.Tag(bytes, 2, 0);
        ProtoSamples.Varint(bytes, 5);
        ProtoSamples.Tag(bytes, 1, 4);

        Assert.Null(schema.Validate([.. bytes], SchemaEncoding.Binary));
    }

    private string? Json(string json) => _schema.Validate(Encoding.UTF8.GetBytes(json), SchemaEncoding.Json);
}
