using System.Text;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Schemas;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Schemas;

/// <summary>Publishing to a topic bound to a schema: validation against the revision range, Google's error and attributes.</summary>
public sealed class TopicSchemaPublishTests : IDisposable
{
    private const string Schema = "projects/p/schemas/orders";
    private const string V1 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}""";
    private const string V2 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""}]}""";

    private readonly BrokerHarness _harness = new();
    private readonly string _first;

    public TopicSchemaPublishTests()
    {
        _first = _harness.Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1).Latest.Id;
        _harness.CreateTopic("top");
        _harness.CreateSubscription("sub", "top");
    }

    [Fact]
    public async Task Publish_ValidMessage_StoredWithGoogleSchemaAttributes()
    {
        Bind(SchemaEncoding.Json);

        await _harness.Broker.PublishAsync(BrokerHarness.TopicName("top"), [Message("""{"id": 1}""", ("origin", "test"))], 0, CancellationToken.None);

        var attributes = (await _harness.PullNowAsync("sub")).Single().Message.Attributes.ToDictionary();
        Assert.Equal("test", attributes["origin"]);
        Assert.Equal(Schema, attributes["googclient_schemaname"]);
        Assert.Equal("JSON", attributes["googclient_schemaencoding"]);
        Assert.Equal(_first, attributes["googclient_schemarevisionid"]);
    }

    [Fact]
    public async Task Publish_OneInvalidInBatch_WholeRequestRefusedWithGoogleErrorInfo()
    {
        Bind(SchemaEncoding.Json);

        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.Broker.PublishAsync(
            BrokerHarness.TopicName("top"), [Message("""{"id": 1}"""), Message("""{"name": "x"}""")], 0, CancellationToken.None).AsTask());

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Invalid data in message: Message failed schema validation.", error.Message);
        Assert.Equal("INVALID_JSON_AVRO_MESSAGE", error.Info!.Reason);
        Assert.Equal(PubSubErrors.Domain, error.Info.Domain);
        Assert.Equal("Message failed schema validation", error.Info.Metadata["message"]);
        Assert.Equal($"Could not validate message with any schema revision for schema: {Schema}, last checked revision: revision_id={_first} failed with status: Field was not found in JSON object: id",
            error.Info.Metadata["revisionInfo"]);
        Assert.Empty(await _harness.PullNowAsync("sub"));
    }

    [Fact]
    public async Task Publish_MessageOnlyAnOlderRevisionAccepts_StampedWithThatRevision()
    {
        var second = _harness.Broker.CommitSchema(Schema, SchemaType.Avro, V2).Latest.Id;
        Bind(SchemaEncoding.Binary);
        var v1Only = new List<byte>();
        AvroSamples.Long(v1Only, 5);
        var v2 = new List<byte>(v1Only);
        AvroSamples.Str(v2, "hi");

        await _harness.Broker.PublishAsync(BrokerHarness.TopicName("top"),
            [new PublishMessage(v1Only.ToArray(), [], ""), new PublishMessage(v2.ToArray(), [], "")], 0, CancellationToken.None);

        var revisions = (await _harness.PullNowAsync("sub")).Select(message => message.Message.Attributes.ToDictionary()["googclient_schemarevisionid"]);
        Assert.Equal([_first, second], revisions);
    }

    [Fact]
    public async Task Publish_RangeExcludesTheOnlyAcceptingRevision_Refused()
    {
        var second = _harness.Broker.CommitSchema(Schema, SchemaType.Avro, V2).Latest.Id;
        Bind(SchemaEncoding.Binary, first: second);

        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.Broker.PublishAsync(
            BrokerHarness.TopicName("top"), [new PublishMessage(new byte[] { 10 }, [], "")], 0, CancellationToken.None).AsTask());

        Assert.Equal("INVALID_BINARY_AVRO_MESSAGE", error.Info!.Reason);
        Assert.Contains($"revision_id={second}", error.Info.Metadata["revisionInfo"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteSchema_BoundTopic_DeletedSentinelAndPublishNotFound()
    {
        Bind(SchemaEncoding.Json);

        _harness.Broker.DeleteSchema(Schema);

        Assert.Equal(TopicSchemaSettings.DeletedSchema, _harness.Broker.GetTopic(BrokerHarness.TopicName("top")).Settings.SchemaSettings!.Schema);
        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.Broker.PublishAsync(
            BrokerHarness.TopicName("top"), [Message("""{"id": 1}""")], 0, CancellationToken.None).AsTask());
        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Schema associated with topic deleted.", error.Message);
    }

    [Fact]
    public void CreateTopic_UnknownSchema_NotFound()
    {
        var error = Assert.Throws<TidingsException>(() => _harness.Broker.CreateTopic(BrokerHarness.TopicName("top2"),
            new TopicSettings { SchemaSettings = new TopicSchemaSettings("projects/p/schemas/nope", SchemaEncoding.Json, "", "") }));

        Assert.Equal("Resource not found (resource=nope).", error.Message);
    }

    [Fact]
    public void CreateTopic_UnknownRevisionBound_InvalidArgument()
    {
        var error = Assert.Throws<TidingsException>(() => _harness.Broker.CreateTopic(BrokerHarness.TopicName("top2"),
            new TopicSettings { SchemaSettings = new TopicSchemaSettings(Schema, SchemaEncoding.Json, "deadbeef", "") }));

        Assert.Equal($"Invalid schema_settings: first_revision_id deadbeef is not a revision of schema {Schema}.", error.Message);
    }

    [Fact]
    public void CreateTopic_BoundsReversed_InvalidArgument()
    {
        var second = _harness.Broker.CommitSchema(Schema, SchemaType.Avro, V2).Latest.Id;

        var error = Assert.Throws<TidingsException>(() => _harness.Broker.CreateTopic(BrokerHarness.TopicName("top2"),
            new TopicSettings { SchemaSettings = new TopicSchemaSettings(Schema, SchemaEncoding.Json, second, _first) }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task UpdateTopic_ClearSchemaSettings_AnythingPublishes()
    {
        Bind(SchemaEncoding.Json);

        _harness.Broker.UpdateTopic(BrokerHarness.TopicName("top"), settings => settings with { SchemaSettings = null });

        Assert.Single(await _harness.Broker.PublishAsync(BrokerHarness.TopicName("top"), [Message("not json")], 0, CancellationToken.None));
    }

    private void Bind(SchemaEncoding encoding, string first = "") =>
        _harness.Broker.UpdateTopic(BrokerHarness.TopicName("top"), settings => settings with { SchemaSettings = new TopicSchemaSettings(Schema, encoding, first, "") });

    private static PublishMessage Message(string data, params (string Key, string Value)[] attributes) =>
        new(Encoding.UTF8.GetBytes(data), [.. attributes.Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value))], "");

    public void Dispose() => _harness.Dispose();
}
