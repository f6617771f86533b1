using Tidings.Kernel.Errors;
using Tidings.PubSub.Schemas;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Schemas;

/// <summary>Google's rule for committing a revision: it must stay compatible with every earlier revision.</summary>
public sealed class SchemaCompatibilityTests : IDisposable
{
    private const string Name = "projects/p/schemas/sch";
    private readonly BrokerHarness _harness = new();

    [Theory]
    [InlineData("message M { int64 at = 3; string device = 4; }")]
    [InlineData("message M { }")]
    [InlineData("message M { int64 at = 3; optional string note = 5; }")]
    public void CommitProto_OptionalFieldsAddedOrRemoved_Accepted(string next)
    {
        Create(SchemaType.ProtocolBuffer, "syntax = \"proto3\"; message M { int64 at = 3; }");

        Assert.NotNull(_harness.Broker.CommitSchema(Name, SchemaType.ProtocolBuffer, $"syntax = \"proto3\"; {next}"));
    }

    [Fact]
    public void CommitProto_FieldTypeChanged_InvalidArgumentNamingRevisionAndFields()
    {
        var first = Create(SchemaType.ProtocolBuffer, "syntax = \"proto3\"; message M { int64 occurred_at_unix = 3; }");

        var error = Assert.Throws<TidingsException>(() =>
            _harness.Broker.CommitSchema(Name, SchemaType.ProtocolBuffer, "syntax = \"proto3\"; message M { string occurred_at_unix = 3; }"));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal(
            $"Compatibility checking failed to commit a schema revision: Revision is incompatible with previous revision: {first}. occurred_at_unix of type string is not compatible with occurred_at_unix of type int64",
            error.Message);
    }

    [Fact]
    public void CommitProto_NumberReusedAfterRemoval_RefusedAgainstOlderRevision()
    {
        var first = Create(SchemaType.ProtocolBuffer, "syntax = \"proto3\"; message M { string device = 4; }");
        _harness.Broker.CommitSchema(Name, SchemaType.ProtocolBuffer, "syntax = \"proto3\"; message M { }");

        var error = Assert.Throws<TidingsException>(() =>
            _harness.Broker.CommitSchema(Name, SchemaType.ProtocolBuffer, "syntax = \"proto3\"; message M { int64 device_id = 4; }"));

        Assert.Contains($"previous revision: {first}. device_id of type int64 is not compatible with device of type string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommitAvro_FieldWithDefaultAdded_Accepted()
    {
        Create(SchemaType.Avro, """{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}""");

        Assert.NotNull(_harness.Broker.CommitSchema(Name, SchemaType.Avro,
            """{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string", "default": ""}]}"""));
    }

    [Theory]
    [InlineData("""{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string"}]}""", "b has no default value")]
    [InlineData("""{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}""", "a of type int is not compatible with type long")]
    [InlineData("""{"type": "record", "name": "Other", "fields": [{"name": "a", "type": "int"}]}""", "The schema of type Other is not compatible with type R")]
    public void CommitAvro_NotReadableBothWays_InvalidArgument(string next, string detail)
    {
        Create(SchemaType.Avro, """{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}""");

        var error = Assert.Throws<TidingsException>(() => _harness.Broker.CommitSchema(Name, SchemaType.Avro, next));

        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    private string Create(SchemaType type, string definition) => _harness.Broker.CreateSchema("projects/p", "sch", type, definition).Latest.Id;

    public void Dispose() => _harness.Dispose();
}
