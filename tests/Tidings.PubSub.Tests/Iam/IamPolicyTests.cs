using Tidings.Kernel.Errors;
using Tidings.Kernel.Iam;
using Tidings.PubSub.Schemas;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Iam;

/// <summary>Get/Set/TestIamPermissions on topics, subscriptions, snapshots and schemas: stored with an etag, not enforced.</summary>
public sealed class IamPolicyTests : IDisposable
{
    private const string Schema = "projects/p/schemas/order-schema";
    private const string Avro = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}""";

    private readonly BrokerHarness _harness = new();

    public IamPolicyTests()
    {
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        _harness.Broker.CreateSchema("projects/p", "order-schema", SchemaType.Avro, Avro);
    }

    public void Dispose() => _harness.Dispose();

    private PubSubBroker Broker => _harness.Broker;

    private static IamPolicy Viewers(string member, byte[]? etag = null) =>
        new(1, [new IamBinding("roles/pubsub.viewer", [member], null)], [], etag ?? []);

    [Theory]
    [InlineData("projects/p/topics/orders")]
    [InlineData("projects/p/subscriptions/billing")]
    [InlineData(Schema)]
    public void GetIamPolicy_NeverSet_EmptyPolicyWithAcabEtag(string resource)
    {
        var policy = Broker.GetIamPolicy(resource, requestedPolicyVersion: 0);

        Assert.Empty(policy.Bindings);
        Assert.Equal("ACAB", Convert.ToBase64String(policy.Etag));
    }

    [Theory]
    [InlineData("projects/p/topics/orders")]
    [InlineData("projects/p/subscriptions/billing")]
    [InlineData(Schema)]
    public void SetIamPolicy_ThenGet_TheStoredPolicy(string resource)
    {
        var set = Broker.SetIamPolicy(resource, Viewers("user:a@example.com"), []);

        var read = Broker.GetIamPolicy(resource, requestedPolicyVersion: 3);

        Assert.Same(set, read);
        Assert.Equal("user:a@example.com", Assert.Single(Assert.Single(read.Bindings).Members));
        Assert.NotEqual("ACAB", Convert.ToBase64String(read.Etag));
    }

    [Fact]
    public void SetIamPolicy_OnTopic_LeavesTheSubscriptionsPolicyAlone()
    {
        Broker.SetIamPolicy("projects/p/topics/orders", Viewers("user:a@example.com"), []);

        Assert.Empty(Broker.GetIamPolicy("projects/p/subscriptions/billing", 0).Bindings);
    }

    [Fact]
    public void SetIamPolicy_StaleEtag_AbortedAndPolicyUnchanged()
    {
        var first = Broker.SetIamPolicy("projects/p/topics/orders", Viewers("user:a@example.com"), []);

        var error = Assert.Throws<TidingsException>(() =>
            Broker.SetIamPolicy("projects/p/topics/orders", Viewers("user:b@example.com", IamPolicies.Empty.Etag), []));

        Assert.Equal(IamErrors.ConcurrentPolicyChange().Message, error.Message);
        Assert.Same(first, Broker.GetIamPolicy("projects/p/topics/orders", 0));
    }

    [Theory]
    [InlineData("projects/p/topics/missing", "missing")]
    [InlineData("projects/p/subscriptions/missing", "missing")]
    [InlineData("projects/p/schemas/missing", "missing")]
    [InlineData("projects/p/snapshots/nightly", "nightly")]
    public void GetAndSetIamPolicy_NoSuchResource_NotFound(string resource, string id)
    {
        var get = Assert.Throws<TidingsException>(() => Broker.GetIamPolicy(resource, 0));
        var set = Assert.Throws<TidingsException>(() => Broker.SetIamPolicy(resource, Viewers("user:a@example.com"), []));

        Assert.Equal(ErrorCode.NotFound, get.Code);
        Assert.Equal($"Resource not found (resource={id}).", get.Message);
        Assert.Equal(get.Message, set.Message);
    }

    [Theory]
    [InlineData("projects/p", "project")]
    [InlineData("projects/p/locations/l/queues/q", "queue")]
    public void GetIamPolicy_NotAPubSubResource_InvalidArgument(string resource, string type)
    {
        var error = Assert.Throws<TidingsException>(() => Broker.GetIamPolicy(resource, 0));

        Assert.Equal(IamErrors.UnsupportedResourceType(type).Message, error.Message);
    }

    [Fact]
    public void GetIamPolicy_InvalidTopicId_InvalidName()
    {
        var error = Assert.Throws<TidingsException>(() => Broker.GetIamPolicy("projects/p/topics/x", 0));

        Assert.Equal("Invalid [topics] name: (name=projects/p/topics/x)", error.Message);
    }

    [Fact]
    public void TestIamPermissions_Topic_ItsOwnPermissionsOnly()
    {
        var granted = Broker.TestIamPermissions("projects/p/topics/orders", ["pubsub.topics.publish", "pubsub.subscriptions.consume", "pubsub.topics.get"]);

        Assert.Equal(["pubsub.topics.publish", "pubsub.topics.get"], granted);
    }

    [Fact]
    public void TestIamPermissions_Subscription_ItsOwnPermissionsOnly()
    {
        var granted = Broker.TestIamPermissions("projects/p/subscriptions/billing", ["pubsub.subscriptions.consume", "pubsub.topics.publish"]);

        Assert.Equal(["pubsub.subscriptions.consume"], granted);
    }

    [Fact]
    public void TestIamPermissions_Schema_ItsOwnPermissionsOnly()
    {
        var granted = Broker.TestIamPermissions(Schema, ["pubsub.schemas.commit", "pubsub.topics.publish"]);

        Assert.Equal(["pubsub.schemas.commit"], granted);
    }

    [Theory]
    [InlineData("projects/p/topics/missing")]
    [InlineData("projects/p/snapshots/nightly")]
    public void TestIamPermissions_NoSuchResource_EmptyNotNotFound(string resource)
    {
        Assert.Empty(Broker.TestIamPermissions(resource, ["pubsub.topics.publish", "pubsub.snapshots.seek"]));
    }

    [Fact]
    public void TestIamPermissions_Wildcard_InvalidArgument()
    {
        var error = Assert.Throws<TidingsException>(() => Broker.TestIamPermissions("projects/p/topics/orders", ["pubsub.topics.*"]));

        Assert.Equal(IamErrors.InvalidPermission("pubsub.topics.*").Message, error.Message);
    }
}
