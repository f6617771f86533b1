using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Tidings.Cluster;
using Tidings.PubSub.Cells;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// Schemas with Pub/Sub in four cells on two nodes, each running some: a schema is changed by its home cell's node,
/// yet a topic whose cell runs on the other node binds to it, validates against its latest revision and sees its
/// deletion as one engine would (each node keeps a copy of the schemas, read again on a miss or a refused message and
/// reloaded by the nodes' notifications).
/// </summary>
public sealed class ClusterPubSubSchemasAcrossNodesTests : IAsyncLifetime
{
    private const string V1 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}""";
    private const string V2 = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""}]}""";

    private TestCluster _cluster = null!;
    private ClusterTestNode _a = null!;
    private ClusterTestNode _b = null!;
    private int _cellOfA;
    private int _cellOfB;

    public async Task InitializeAsync() => (_cluster, _a, _b, _cellOfA, _cellOfB) = await CellsCluster.StartTwoNodesAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task SchemaCreatedThroughA_UsableAtOnceByATopicWhoseCellRunsOnB()
    {
        var schema = await CreateSchemaAsync(_a, CellsCluster.SchemaIn(_cellOfA));
        var topic = CellsCluster.TopicIn(_cellOfB);

        await _a.Publisher.CreateTopicAsync(new Topic { Name = topic, SchemaSettings = new SchemaSettings { Schema = schema, Encoding = Encoding.Json } });

        await PublishAsync(_a, topic, ByteString.CopyFromUtf8("""{"id": 1}"""));
        var refused = await Assert.ThrowsAsync<RpcException>(() => PublishAsync(_a, topic, ByteString.CopyFromUtf8("""{"name": "x"}""")));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        // Validated by node B's cells (ValidateMessage goes to any cell of the node asked).
        await new SchemaService.SchemaServiceClient(_b.Channel).ValidateMessageAsync(new ValidateMessageRequest
        {
            Parent = "projects/p",
            Name = schema,
            Message = ByteString.CopyFromUtf8("""{"id": 2}"""),
            Encoding = Encoding.Json,
        });
    }

    [Fact]
    public async Task RevisionCommittedThroughOneNode_ValidatesPublishesOnTheOtherAtOnce()
    {
        var schema = await CreateSchemaAsync(_a, CellsCluster.SchemaIn(_cellOfA));
        var topic = CellsCluster.TopicIn(_cellOfB);
        await _b.Publisher.CreateTopicAsync(new Topic { Name = topic, SchemaSettings = new SchemaSettings { Schema = schema, Encoding = Encoding.Binary } });
        await PublishAsync(_b, topic, Order(note: null)); // node B has the first revision now
        var onlyV2 = await Assert.ThrowsAsync<RpcException>(() => PublishAsync(_b, topic, Order(note: "hi")));
        Assert.Equal(StatusCode.InvalidArgument, onlyV2.StatusCode);

        var committed = await new SchemaService.SchemaServiceClient(_b.Channel).CommitSchemaAsync(new CommitSchemaRequest
        {
            Name = schema,
            Schema = new Schema { Name = schema, Type = Schema.Types.Type.Avro, Definition = V2 },
        });

        await PublishAsync(_a, topic, Order(note: "hi"));
        var subscription = "projects/p/subscriptions/revisions";
        await _a.Subscriber.CreateSubscriptionAsync(new Subscription { Name = subscription, Topic = topic });
        await PublishAsync(_b, topic, Order(note: "again"));
        var pulled = Assert.Single((await _a.Subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 5 })).ReceivedMessages);
        Assert.Equal(committed.RevisionId, pulled.Message.Attributes["googclient_schemarevisionid"]);
    }

    [Fact]
    public async Task DeletingTheSchema_TopicsOfCellsOnBothNodesShowDeletedSchemaAndRefusePublishes()
    {
        var schema = await CreateSchemaAsync(_a, CellsCluster.SchemaIn(_cellOfA));
        var topics = new[] { CellsCluster.TopicIn(_cellOfA), CellsCluster.TopicIn(_cellOfB) };
        foreach (var topic in topics)
        {
            await _b.Publisher.CreateTopicAsync(new Topic { Name = topic, SchemaSettings = new SchemaSettings { Schema = schema, Encoding = Encoding.Json } });
            await PublishAsync(_b, topic, ByteString.CopyFromUtf8("""{"id": 1}""")); // each node has the schema now
        }

        await new SchemaService.SchemaServiceClient(_b.Channel).DeleteSchemaAsync(new DeleteSchemaRequest { Name = schema });

        // At once on both nodes: a topic's schema is read again when the topic is (the notification comes later).
        foreach (var topic in topics)
        {
            Assert.Equal("_deleted-schema_", (await _b.Publisher.GetTopicAsync(new GetTopicRequest { Topic = topic })).SchemaSettings.Schema);
        }
        foreach (var topic in topics)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => PublishAsync(_a, topic, ByteString.CopyFromUtf8("""{"id": 2}""")));
            Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        }
    }

    [Fact]
    public async Task ListSchemas_ThroughEitherNode_ShowsSchemasCreatedThroughTheOther()
    {
        var onA = await CreateSchemaAsync(_a, CellsCluster.SchemaIn(_cellOfA));
        var onB = await CreateSchemaAsync(_b, CellsCluster.SchemaIn(_cellOfB));

        foreach (var node in new[] { _a, _b })
        {
            var listed = await new SchemaService.SchemaServiceClient(node.Channel).ListSchemasAsync(new ListSchemasRequest { Parent = "projects/p" });
            Assert.Equal(new[] { onA, onB }.Order(StringComparer.Ordinal), listed.Schemas.Select(s => s.Name));
        }
    }

    private static async Task<string> CreateSchemaAsync(ClusterTestNode node, string name)
    {
        var created = await new SchemaService.SchemaServiceClient(node.Channel).CreateSchemaAsync(new CreateSchemaRequest
        {
            Parent = "projects/p",
            SchemaId = name[(name.LastIndexOf('/') + 1)..],
            Schema = new Schema { Type = Schema.Types.Type.Avro, Definition = V1 },
        });
        return created.Name;
    }

    private static async Task PublishAsync(ClusterTestNode node, string topic, ByteString data) =>
        await node.Publisher.PublishAsync(new PublishRequest { Topic = topic, Messages = { new PubsubMessage { Data = data } } });

    /// <summary>An order in Avro's binary encoding: the first revision's when <paramref name="note"/> is null, else only the second's.</summary>
    private static ByteString Order(string? note)
    {
        var bytes = new List<byte> { 10 }; // id 5, zigzag
        if (note is not null)
        {
            bytes.Add((byte)(note.Length * 2));
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(note));
        }
        return ByteString.CopyFrom([.. bytes]);
    }
}
