using System.Text;
using Tidings.PubSub.Schemas;

namespace Tidings.PubSub.Tests.Schemas;

/// <summary>Messages checked against a hand-written Avro schema of every type, in JSON and binary.</summary>
public sealed class AvroValidationTests
{
    private readonly CompiledSchema _schema = SchemaCompiler.Compile(SchemaType.Avro, AvroSamples.Order);

    [Fact]
    public void Validate_JsonOfEveryType_Accepted() => Assert.Null(Json(AvroSamples.ValidJson));

    [Fact]
    public void Validate_JsonOmittingFieldsWithDefaults_Accepted() =>
        Assert.Null(Json("""{"id": 1, "item": "x", "status": "NEW", "tags": [], "prices": {}, "hash": "ab", "paid": false, "ratio": 1, "blob": "", "placed": 0}"""));

    [Fact]
    public void Validate_JsonWithExtraMember_Accepted() =>
        Assert.Null(Json(AvroSamples.ValidJson.Replace("\"id\": 7", "\"id\": 7, \"extra\": true", StringComparison.Ordinal)));

    [Fact]
    public void Validate_JsonMissingRequiredField_GoogleDetail() =>
        Assert.Equal("Field was not found in JSON object: item", Json(AvroSamples.ValidJson.Replace("\"item\": \"book\", ", "", StringComparison.Ordinal)));

    [Theory]
    [InlineData("\"id\": 7", "\"id\": \"7\"", "Expected long at id.")]
    [InlineData("\"quantity\": 2", "\"quantity\": 2.5", "Expected int at quantity.")]
    [InlineData("\"status\": \"PAID\"", "\"status\": \"LOST\"", "Unknown symbol 'LOST' of enum shop.Status at status.")]
    [InlineData("\"note\": {\"string\": \"gift\"}", "\"note\": \"gift\"", "A union value must be null or an object naming its branch, as {\"string\": \"a\"} at note.")]
    [InlineData("\"note\": {\"string\": \"gift\"}", "\"note\": {\"int\": 1}", "'int' is not a branch of the union at note; branches: null, string.")]
    [InlineData("\"hash\": \"\\u00ff\\u0001\"", "\"hash\": \"abc\"", "A fixed value must have 2 bytes, not 3 at hash.")]
    [InlineData("\"tags\": [\"a\", \"b\"]", "\"tags\": [\"a\", 2]", "Expected string at tags[1].")]
    [InlineData("\"prices\": {\"eur\": 9.5}", "\"prices\": {\"eur\": \"cheap\"}", "Expected double at prices.eur.")]
    public void Validate_JsonWithWrongValue_NamesThePlace(string valid, string invalid, string detail) =>
        Assert.Equal(detail, Json(AvroSamples.ValidJson.Replace(valid, invalid, StringComparison.Ordinal)));

    [Fact]
    public void Validate_JsonNullUnionBranch_Accepted() =>
        Assert.Null(Json(AvroSamples.ValidJson.Replace("{\"string\": \"gift\"}", "null", StringComparison.Ordinal)));

    [Fact]
    public void Validate_NotJson_Refused() => Assert.StartsWith("The data is not valid JSON", Json("{\"id\": "), StringComparison.Ordinal);

    [Fact]
    public void Validate_BinaryOfEveryType_Accepted() =>
        Assert.Null(_schema.Validate(AvroSamples.ValidBinary(), SchemaEncoding.Binary));

    [Fact]
    public void Validate_BinaryWithTrailingBytes_GoogleDetail() =>
        Assert.Equal("Too much data to parse for schema.", _schema.Validate([.. AvroSamples.ValidBinary(), 0], SchemaEncoding.Binary));

    [Fact]
    public void Validate_BinaryTruncated_Refused() =>
        Assert.NotNull(_schema.Validate(AvroSamples.ValidBinary()[..^3], SchemaEncoding.Binary));

    [Fact]
    public void Validate_BinaryEnumIndexOutOfRange_Refused()
    {
        var bytes = new List<byte>();
        AvroSamples.Long(bytes, 7);
        AvroSamples.Str(bytes, "book");
        AvroSamples.Long(bytes, 2);
        AvroSamples.Long(bytes, 5);

        Assert.Equal("Enum index 5 is out of range for shop.Status.", _schema.Validate([.. bytes], SchemaEncoding.Binary));
    }

    [Fact]
    public void Validate_BinaryJsonText_Refused() =>
        Assert.NotNull(_schema.Validate(Encoding.UTF8.GetBytes(AvroSamples.ValidJson), SchemaEncoding.Binary));

    [Fact]
    public void Validate_BinaryInvalidUtf8String_Refused()
    {
        var schema = SchemaCompiler.Compile(SchemaType.Avro, "\"string\"");

        Assert.Equal("A string is not valid UTF-8.", schema.Validate([2, 0xC3, 0x28], SchemaEncoding.Binary));
    }

    [Fact]
    public void Validate_RecursiveSchemaNestedTooDeep_RefusedWithoutCrash()
    {
        var schema = SchemaCompiler.Compile(SchemaType.Avro, """{"type": "record", "name": "Node", "fields": [{"name": "next", "type": ["null", "Node"]}]}""");
        var deep = Enumerable.Repeat((byte)2, 10_000).Append((byte)0).ToArray();

        Assert.Equal("The value is nested too deeply.", schema.Validate(deep, SchemaEncoding.Binary));
    }

    private string? Json(string json) => _schema.Validate(Encoding.UTF8.GetBytes(json), SchemaEncoding.Json);
}
