using System.Text;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Schemas;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Schemas;

/// <summary>Schemas, their revisions and topic bindings survive a restart; messages stored before a schema change stay deliverable.</summary>
public sealed class SchemaRecoveryTests : IDisposable
{
    private const string Schema = "projects/p/schemas/orders";
    private const string V1 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}""";
    private const string V2 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""}]}""";

    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private BrokerHarness _harness;

    public SchemaRecoveryTests() => _harness = new BrokerHarness(store: _messages, state: _state);

    [Fact]
    public async Task Restart_SchemasRevisionsAndBindings_RecoveredAndStillValidate()
    {
        var first = _harness.Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1).Latest;
        var second = _harness.Broker.CommitSchema(Schema, SchemaType.Avro, V2).Latest;
        _harness.Broker.DeleteSchemaRevision($"{Schema}@{first.Id}", "");
        _harness.Broker.CreateTopic(BrokerHarness.TopicName("top"), new TopicSettings { SchemaSettings = new TopicSchemaSettings(Schema, SchemaEncoding.Json, "", "") });
        _harness.CreateSubscription("sub", "top");
        await _harness.Broker.PublishAsync(BrokerHarness.TopicName("top"), [new(Encoding.UTF8.GetBytes("""{"id": 1}"""), [], "")], 0, CancellationToken.None);

        _harness.Dispose();
        _harness = new BrokerHarness(store: _messages, state: _state, now: new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));

        var (schema, latest) = _harness.Broker.GetSchema(Schema);
        Assert.Equal([second.Id], schema.Revisions.Select(revision => revision.Id));
        Assert.Equal(second.CreateTime, latest.CreateTime);
        Assert.Equal(V2, latest.Definition);
        Assert.Equal(first.Sequence, schema.SequenceOf(first.Id));
        Assert.Equal(Schema, _harness.Broker.GetTopic(BrokerHarness.TopicName("top")).Settings.SchemaSettings!.Schema);
        Assert.Single(await _harness.PullNowAsync("sub"));
        Assert.Single(await _harness.Broker.PublishAsync(BrokerHarness.TopicName("top"), [new(Encoding.UTF8.GetBytes("""{"id": 2}"""), [], "")], 0, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteSchema_AfterRestart_TopicKeepsSentinelAndStoredMessagesDeliver()
    {
        _harness.Broker.CreateSchema("projects/p", "orders", SchemaType.Avro, V1);
        _harness.Broker.CreateTopic(BrokerHarness.TopicName("top"), new TopicSettings { SchemaSettings = new TopicSchemaSettings(Schema, SchemaEncoding.Json, "", "") });
        _harness.CreateSubscription("sub", "top");
        await _harness.Broker.PublishAsync(BrokerHarness.TopicName("top"), [new(Encoding.UTF8.GetBytes("""{"id": 1}"""), [], "")], 0, CancellationToken.None);
        _harness.Broker.DeleteSchema(Schema);

        _harness.Dispose();
        _harness = new BrokerHarness(store: _messages, state: _state);

        Assert.Equal(TopicSchemaSettings.DeletedSchema, _harness.Broker.GetTopic(BrokerHarness.TopicName("top")).Settings.SchemaSettings!.Schema);
        Assert.Single(await _harness.PullNowAsync("sub"));
    }

    public void Dispose() => _harness.Dispose();
}
