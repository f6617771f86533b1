using Google.Cloud.Iam.V1;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>Which resource a Pub/Sub request names, read from its first gRPC message or its REST path (<see cref="PubSubTarget"/>).</summary>
public sealed class PubSubTargetTests
{
    public static TheoryData<string, IMessage, string, string> GrpcCalls => new()
    {
        { "/google.pubsub.v1.Publisher/Publish", new PublishRequest { Topic = "projects/p/topics/t", Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("x") } } }, "Topic", "projects/p/topics/t" },
        { "/google.pubsub.v1.Publisher/CreateTopic", new Topic { Name = "projects/p/topics/t", Labels = { ["a"] = "b" } }, "Topic", "projects/p/topics/t" },
        { "/google.pubsub.v1.Publisher/UpdateTopic", new UpdateTopicRequest { Topic = new Topic { Name = "projects/p/topics/t" } }, "Topic", "projects/p/topics/t" },
        { "/google.pubsub.v1.Publisher/DetachSubscription", new DetachSubscriptionRequest { Subscription = "projects/p/subscriptions/s" }, "Subscription", "projects/p/subscriptions/s" },
        { "/google.pubsub.v1.Publisher/ListTopics", new ListTopicsRequest { Project = "projects/p" }, "Listing", "projects/p" },
        { "/google.pubsub.v1.Subscriber/CreateSubscription", new Subscription { Name = "projects/p/subscriptions/s", Topic = "projects/p/topics/t" }, "Topic", "projects/p/topics/t" },
        { "/google.pubsub.v1.Subscriber/UpdateSubscription", new UpdateSubscriptionRequest { Subscription = new Subscription { Name = "projects/p/subscriptions/s", Topic = "projects/p/topics/t" } }, "Subscription", "projects/p/subscriptions/s" },
        { "/google.pubsub.v1.Subscriber/StreamingPull", new StreamingPullRequest { Subscription = "projects/p/subscriptions/s", StreamAckDeadlineSeconds = 10 }, "Subscription", "projects/p/subscriptions/s" },
        { "/google.pubsub.v1.Subscriber/Acknowledge", new AcknowledgeRequest { Subscription = "projects/p/subscriptions/s", AckIds = { "1" } }, "Subscription", "projects/p/subscriptions/s" },
        { "/google.pubsub.v1.Subscriber/CreateSnapshot", new CreateSnapshotRequest { Name = "projects/p/snapshots/n", Subscription = "projects/p/subscriptions/s" }, "Subscription", "projects/p/subscriptions/s" },
        { "/google.pubsub.v1.Subscriber/UpdateSnapshot", new UpdateSnapshotRequest { Snapshot = new Snapshot { Name = "projects/p/snapshots/n" } }, "Snapshot", "projects/p/snapshots/n" },
        { "/google.pubsub.v1.Subscriber/DeleteSnapshot", new DeleteSnapshotRequest { Snapshot = "projects/p/snapshots/n" }, "Snapshot", "projects/p/snapshots/n" },
        { "/google.pubsub.v1.SchemaService/CreateSchema", new CreateSchemaRequest { Parent = "projects/p", SchemaId = "s", Schema = new Schema { Name = "ignored" } }, "Schema", "projects/p/schemas/s" },
        { "/google.pubsub.v1.SchemaService/CommitSchema", new CommitSchemaRequest { Name = "projects/p/schemas/s" }, "Schema", "projects/p/schemas/s" },
        { "/google.pubsub.v1.SchemaService/ValidateMessage", new ValidateMessageRequest { Parent = "projects/p", Name = "projects/p/schemas/s" }, "AnyCell", "" },
        { "/google.iam.v1.IAMPolicy/GetIamPolicy", new GetIamPolicyRequest { Resource = "projects/p/snapshots/n" }, "Snapshot", "projects/p/snapshots/n" },
        { "/google.iam.v1.IAMPolicy/SetIamPolicy", new SetIamPolicyRequest { Resource = "projects/p/topics/t" }, "Topic", "projects/p/topics/t" },
    };

    [Theory]
    [MemberData(nameof(GrpcCalls))]
    public void Grpc_ReadsTheNameFromTheFirstMessage(string path, IMessage request, string kind, string name) =>
        Assert.Equal(new PubSubTarget(Enum.Parse<PubSubTargetKind>(kind), name), PubSubTarget.OfGrpc(path, request.ToByteArray()));

    [Fact]
    public void Grpc_AMessageWithoutTheField_OrNotAMessage_NamesNothing()
    {
        Assert.Equal(new PubSubTarget(PubSubTargetKind.Topic, ""), PubSubTarget.OfGrpc("/google.pubsub.v1.Publisher/Publish", []));
        Assert.Equal(new PubSubTarget(PubSubTargetKind.Topic, ""), PubSubTarget.OfGrpc("/google.pubsub.v1.Publisher/Publish", [0x0A, 0xFF]));
        Assert.Null(PubSubTarget.OfGrpc("/google.pubsub.v1.Publisher/NoSuchMethod", []));
    }

    [Theory]
    [InlineData("PUT", "/v1/projects/p/topics/t", null, "Topic", "projects/p/topics/t")]
    [InlineData("POST", "/v1/projects/p/topics/t:publish", null, "Topic", "projects/p/topics/t")]
    [InlineData("GET", "/v1/projects/p/topics/t/subscriptions", null, "Topic", "projects/p/topics/t")]
    [InlineData("GET", "/v1/projects/p/topics", null, "Listing", "projects/p")]
    [InlineData("PUT", "/v1/projects/p/subscriptions/s", "projects/p/topics/t", "Topic", "projects/p/topics/t")]
    [InlineData("PATCH", "/v1/projects/p/subscriptions/s", null, "Subscription", "projects/p/subscriptions/s")]
    [InlineData("POST", "/v1/projects/p/subscriptions/s:pull", null, "Subscription", "projects/p/subscriptions/s")]
    [InlineData("PUT", "/v1/projects/p/snapshots/n", "projects/p/subscriptions/s", "Subscription", "projects/p/subscriptions/s")]
    [InlineData("GET", "/v1/projects/p/snapshots/n", null, "Snapshot", "projects/p/snapshots/n")]
    [InlineData("GET", "/v1/projects/p/schemas/s@abc", null, "Schema", "projects/p/schemas/s@abc")]
    [InlineData("POST", "/v1/projects/p/schemas/s:commit", null, "Schema", "projects/p/schemas/s")]
    [InlineData("POST", "/v1/projects/p/schemas:validateMessage", null, "AnyCell", "")]
    [InlineData("GET", "/v1/projects/p/schemas", null, "AnyCell", "")]
    [InlineData("POST", "/v1/projects/p/subscriptions/s:getIamPolicy", null, "Subscription", "projects/p/subscriptions/s")]
    public void Rest_ByPath_AndACreationsBody(string method, string path, string? bodyField, string kind, string name) =>
        Assert.Equal(new PubSubTarget(Enum.Parse<PubSubTargetKind>(kind), name), PubSubTarget.OfRest(method, path, schemaId: null, bodyField));

    [Fact]
    public void Rest_SchemaCreation_NamesTheSchemaOfItsQuery()
    {
        Assert.Equal(new PubSubTarget(PubSubTargetKind.Schema, "projects/p/schemas/s"), PubSubTarget.OfRest("POST", "/v1/projects/p/schemas", "s", null));
        Assert.Equal("topic", PubSubTarget.BodyFieldOf("PUT", "/v1/projects/p/subscriptions/s"));
        Assert.Equal("subscription", PubSubTarget.BodyFieldOf("PUT", "/v1/projects/p/snapshots/n"));
        Assert.Null(PubSubTarget.BodyFieldOf("PATCH", "/v1/projects/p/subscriptions/s"));
        Assert.Null(PubSubTarget.OfRest("GET", "/v2/projects/p/locations/l/queues", null, null));
    }
}
