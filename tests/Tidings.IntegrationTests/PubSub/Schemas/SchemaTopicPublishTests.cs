using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.PubSub.Schemas;

/// <summary>A topic with schema settings over gRPC: its settings echoed, valid batches stamped, an invalid one refused whole with Google's ErrorInfo.</summary>
public sealed class SchemaTopicPublishTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private const string Proto = "syntax = \"proto3\";\nmessage State {\n  string name = 1;\n  string post_abbr = 2;\n}\n";

    [Fact]
    public async Task Publish_BinaryProtoTopic_ValidStampedInvalidRefusedWhole()
    {
        var project = TidingsServerFixture.NewProject();
        var schemas = new SchemaService.SchemaServiceClient(server.Channel);
        var schema = await schemas.CreateSchemaAsync(new CreateSchemaRequest
        {
            Parent = $"projects/{project}",
            SchemaId = "states",
            Schema = new Schema { Type = Schema.Types.Type.ProtocolBuffer, Definition = Proto },
        });
        var topic = await server.Publisher.CreateTopicAsync(new Topic
        {
            Name = $"projects/{project}/topics/states",
            SchemaSettings = new SchemaSettings { Schema = schema.Name, Encoding = Encoding.Binary, FirstRevisionId = schema.RevisionId },
        });
        var subscription = await server.Subscriber.CreateSubscriptionAsync(new Subscription { Name = $"projects/{project}/subscriptions/states", Topic = topic.Name });
        var valid = new byte[] { 0x0A, 0x02, (byte)'A', (byte)'K' };

        await server.Publisher.PublishAsync(new PublishRequest { Topic = topic.Name, Messages = { new PubsubMessage { Data = ByteString.CopyFrom(valid) } } });
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Publisher.PublishAsync(new PublishRequest
        {
            Topic = topic.Name,
            Messages = { new PubsubMessage { Data = ByteString.CopyFrom(valid) }, new PubsubMessage { Data = ByteString.CopyFromUtf8("""{"name": "AK"}""") } },
        }).ResponseAsync);
        var pulled = await server.Subscriber.PullAsync(new PullRequest { Subscription = subscription.Name, MaxMessages = 10, ReturnImmediately = true });

        Assert.Equal(schema.RevisionId, topic.SchemaSettings.FirstRevisionId);
        var message = Assert.Single(pulled.ReceivedMessages).Message;
        Assert.Equal(schema.Name, message.Attributes["googclient_schemaname"]);
        Assert.Equal("BINARY", message.Attributes["googclient_schemaencoding"]);
        Assert.Equal(schema.RevisionId, message.Attributes["googclient_schemarevisionid"]);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("Invalid data in message: Message failed schema validation.", error.Status.Detail);
        var details = Google.Rpc.Status.Parser.ParseFrom(error.Trailers.Single(entry => entry.Key == "grpc-status-details-bin").ValueBytes);
        var info = details.Details[0].Unpack<ErrorInfo>();
        Assert.Equal("INVALID_BINARY_PROTO_MESSAGE", info.Reason);
        Assert.Equal("pubsub.googleapis.com", info.Domain);
        Assert.StartsWith($"Could not validate message with any schema revision for schema: {schema.Name}, last checked revision: revision_id={schema.RevisionId} failed with status: ", info.Metadata["revisionInfo"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateTopic_SchemaSettingsMask_SetsAndClears()
    {
        var project = TidingsServerFixture.NewProject();
        var schemas = new SchemaService.SchemaServiceClient(server.Channel);
        var schema = await schemas.CreateSchemaAsync(new CreateSchemaRequest
        {
            Parent = $"projects/{project}",
            SchemaId = "states",
            Schema = new Schema { Type = Schema.Types.Type.ProtocolBuffer, Definition = Proto },
        });
        var topic = await server.Publisher.CreateTopicAsync(new Topic { Name = $"projects/{project}/topics/states" });

        var bound = await server.Publisher.UpdateTopicAsync(new UpdateTopicRequest
        {
            Topic = new Topic { Name = topic.Name, SchemaSettings = new SchemaSettings { Schema = schema.Name, Encoding = Encoding.Json } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "schema_settings" } },
        });
        var cleared = await server.Publisher.UpdateTopicAsync(new UpdateTopicRequest
        {
            Topic = new Topic { Name = topic.Name },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "schema_settings" } },
        });

        Assert.Equal(Encoding.Json, bound.SchemaSettings.Encoding);
        Assert.Null(cleared.SchemaSettings);
    }
}
