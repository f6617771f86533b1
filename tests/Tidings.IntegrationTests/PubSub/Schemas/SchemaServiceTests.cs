using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.PubSub.Schemas;

/// <summary>Every SchemaService RPC over gRPC against the in-process host, with its errors.</summary>
public sealed class SchemaServiceTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private const string Avro = """{"type": "record", "name": "State", "fields": [{"name": "name", "type": "string"}, {"name": "post_abbr", "type": "string"}]}""";
    private const string AvroV2 = """{"type": "record", "name": "State", "fields": [{"name": "name", "type": "string"}, {"name": "post_abbr", "type": "string"}, {"name": "population", "type": "long", "default": 0}]}""";
    private const string Proto = "syntax = \"proto3\";\nmessage State {\n  string name = 1;\n  string post_abbr = 2;\n}\n";

    private SchemaService.SchemaServiceClient Client => new(server.Channel);

    private async Task<Schema> CreateAsync(string project, string id, Schema.Types.Type type, string definition) =>
        await Client.CreateSchemaAsync(new CreateSchemaRequest { Parent = $"projects/{project}", SchemaId = id, Schema = new Schema { Type = type, Definition = definition } });

    [Fact]
    public async Task CreateAndGet_FullAndBasicViews()
    {
        var project = TidingsServerFixture.NewProject();
        var created = await CreateAsync(project, "states", Schema.Types.Type.Avro, Avro);

        var full = await Client.GetSchemaAsync(new GetSchemaRequest { Name = created.Name });
        var basic = await Client.GetSchemaAsync(new GetSchemaRequest { Name = created.Name, View = SchemaView.Basic });

        Assert.Equal($"projects/{project}/schemas/states", created.Name);
        Assert.Matches("^[0-9a-f]{8}$", created.RevisionId);
        Assert.Equal(server.Time.GetUtcNow(), created.RevisionCreateTime.ToDateTimeOffset());
        Assert.Equal(Avro, full.Definition);
        Assert.Equal("", basic.Definition);
        Assert.Equal(Schema.Types.Type.Avro, basic.Type);
        Assert.Equal(created.RevisionId, basic.RevisionId);
    }

    [Fact]
    public async Task ListSchemas_DefaultBasic_FullOnRequest_Paged()
    {
        var project = TidingsServerFixture.NewProject();
        await CreateAsync(project, "avro-one", Schema.Types.Type.Avro, Avro);
        await CreateAsync(project, "proto-two", Schema.Types.Type.ProtocolBuffer, Proto);

        var basic = await Client.ListSchemasAsync(new ListSchemasRequest { Parent = $"projects/{project}" });
        var firstPage = await Client.ListSchemasAsync(new ListSchemasRequest { Parent = $"projects/{project}", View = SchemaView.Full, PageSize = 1 });
        var secondPage = await Client.ListSchemasAsync(new ListSchemasRequest { Parent = $"projects/{project}", View = SchemaView.Full, PageSize = 1, PageToken = firstPage.NextPageToken });

        Assert.All(basic.Schemas, schema => Assert.Equal("", schema.Definition));
        Assert.Equal(Avro, Assert.Single(firstPage.Schemas).Definition);
        Assert.Equal(Proto, Assert.Single(secondPage.Schemas).Definition);
        Assert.Equal("", secondPage.NextPageToken);
    }

    [Fact]
    public async Task Revisions_CommitRollbackListDelete()
    {
        var project = TidingsServerFixture.NewProject();
        var created = await CreateAsync(project, "states", Schema.Types.Type.Avro, Avro);
        var committed = await Client.CommitSchemaAsync(new CommitSchemaRequest { Name = created.Name, Schema = new Schema { Type = Schema.Types.Type.Avro, Definition = AvroV2 } });
        var rolledBack = await Client.RollbackSchemaAsync(new RollbackSchemaRequest { Name = created.Name, RevisionId = created.RevisionId });

        var revisions = await Client.ListSchemaRevisionsAsync(new ListSchemaRevisionsRequest { Name = created.Name, View = SchemaView.Full });
        var old = await Client.GetSchemaAsync(new GetSchemaRequest { Name = $"{created.Name}@{committed.RevisionId}" });
        var afterDelete = await Client.DeleteSchemaRevisionAsync(new DeleteSchemaRevisionRequest { Name = $"{created.Name}@{created.RevisionId}" });

        Assert.Equal([rolledBack.RevisionId, committed.RevisionId, created.RevisionId], revisions.Schemas.Select(schema => schema.RevisionId));
        Assert.Equal(Avro, rolledBack.Definition);
        Assert.Equal(AvroV2, old.Definition);
        Assert.Equal($"{created.Name}@{committed.RevisionId}", old.Name);
        Assert.Equal(rolledBack.RevisionId, afterDelete.RevisionId);
        Assert.Equal(created.Name, afterDelete.Name);
    }

    [Fact]
    public async Task ValidateSchemaAndMessage_ValidAndInvalid()
    {
        var project = TidingsServerFixture.NewProject();
        var created = await CreateAsync(project, "states", Schema.Types.Type.ProtocolBuffer, Proto);

        await Client.ValidateSchemaAsync(new ValidateSchemaRequest { Parent = $"projects/{project}", Schema = new Schema { Type = Schema.Types.Type.Avro, Definition = Avro } });
        await Client.ValidateMessageAsync(new ValidateMessageRequest
        {
            Parent = $"projects/{project}",
            Name = created.Name,
            Encoding = Encoding.Json,
            Message = ByteString.CopyFromUtf8("""{"name": "Alaska", "postAbbr": "AK"}"""),
        });
        var invalidSchema = await Assert.ThrowsAsync<RpcException>(() => Client.ValidateSchemaAsync(new ValidateSchemaRequest
        {
            Parent = $"projects/{project}",
            Schema = new Schema { Type = Schema.Types.Type.ProtocolBuffer, Definition = "message {" },
        }).ResponseAsync);
        var invalidMessage = await Assert.ThrowsAsync<RpcException>(() => Client.ValidateMessageAsync(new ValidateMessageRequest
        {
            Parent = $"projects/{project}",
            Schema = new Schema { Type = Schema.Types.Type.Avro, Definition = Avro },
            Encoding = Encoding.Json,
            Message = ByteString.CopyFromUtf8("""{"name": "Alaska"}"""),
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, invalidSchema.StatusCode);
        Assert.StartsWith("Invalid PROTOCOL_BUFFER schema definition: ", invalidSchema.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, invalidMessage.StatusCode);
        Assert.Equal("Invalid data in message: Message failed schema validation.", invalidMessage.Status.Detail);
    }

    [Fact]
    public async Task Errors_NotFoundAlreadyExistsInvalidName()
    {
        var project = TidingsServerFixture.NewProject();
        await CreateAsync(project, "states", Schema.Types.Type.Avro, Avro);

        var exists = await Assert.ThrowsAsync<RpcException>(() => CreateAsync(project, "states", Schema.Types.Type.Avro, Avro));
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.GetSchemaAsync(new GetSchemaRequest { Name = $"projects/{project}/schemas/nope" }).ResponseAsync);
        var badId = await Assert.ThrowsAsync<RpcException>(() => CreateAsync(project, "1bad", Schema.Types.Type.Avro, Avro));
        var noType = await Assert.ThrowsAsync<RpcException>(() => CreateAsync(project, "typeless", Schema.Types.Type.Unspecified, Avro));
        var deleteMissing = await Assert.ThrowsAsync<RpcException>(() => Client.DeleteSchemaAsync(new DeleteSchemaRequest { Name = $"projects/{project}/schemas/nope" }).ResponseAsync);

        Assert.Equal((StatusCode.AlreadyExists, "Resource already exists in the project (resource=states)."), (exists.StatusCode, exists.Status.Detail));
        Assert.Equal((StatusCode.NotFound, "Resource not found (resource=nope)."), (missing.StatusCode, missing.Status.Detail));
        Assert.Equal((StatusCode.InvalidArgument, $"Invalid [schemas] name: (name=projects/{project}/schemas/1bad)"), (badId.StatusCode, badId.Status.Detail));
        Assert.Equal((StatusCode.InvalidArgument, "Invalid schema type"), (noType.StatusCode, noType.Status.Detail));
        Assert.Equal(StatusCode.NotFound, deleteMissing.StatusCode);
    }

    [Fact]
    public async Task DeleteSchema_BoundTopic_ShowsDeletedSchemaAndPublishFails()
    {
        var project = TidingsServerFixture.NewProject();
        var schema = await CreateAsync(project, "states", Schema.Types.Type.Avro, Avro);
        var topic = await server.Publisher.CreateTopicAsync(new Topic
        {
            Name = $"projects/{project}/topics/states",
            SchemaSettings = new SchemaSettings { Schema = schema.Name, Encoding = Encoding.Json },
        });

        await Client.DeleteSchemaAsync(new DeleteSchemaRequest { Name = schema.Name });

        var after = await server.Publisher.GetTopicAsync(new GetTopicRequest { Topic = topic.Name });
        Assert.Equal("_deleted-schema_", after.SchemaSettings.Schema);
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Publisher.PublishAsync(new PublishRequest
        {
            Topic = topic.Name,
            Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("{}") } },
        }).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "Schema associated with topic deleted."), (error.StatusCode, error.Status.Detail));
    }
}
