using Tidings.Kernel.Iam;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Schemas;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;

namespace Tidings.PubSub.Tests.Iam;

/// <summary>A policy is durable: it survives a restart and goes with its resource, so a re-created one starts without.</summary>
public sealed class IamPolicyLifetimeTests : IDisposable
{
    private const string Topic = "projects/p/topics/orders";
    private const string Subscription = "projects/p/subscriptions/billing";
    private const string Schema = "projects/p/schemas/order-schema";
    private const string Avro = """{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]}""";

    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();
    private BrokerHarness _harness;

    public IamPolicyLifetimeTests()
    {
        _harness = new BrokerHarness(store: _messages, state: _state);
        _harness.CreateTopic("orders");
        _harness.CreateSubscription("billing", "orders");
        _harness.Broker.CreateSchema("projects/p", "order-schema", SchemaType.Avro, Avro);
        foreach (var resource in new[] { Topic, Subscription, Schema })
        {
            Broker.SetIamPolicy(resource, new IamPolicy(3, [
                new IamBinding("roles/pubsub.publisher", ["serviceAccount:app@p.iam.gserviceaccount.com"], new IamCondition("request.time < timestamp('2027-01-01T00:00:00Z')", "until 2027", "", "")),
            ], [new IamAuditConfig("pubsub.googleapis.com", [new IamAuditLogConfig(3, ["user:quiet@example.com"])])], []), ["bindings", "audit_configs"]);
        }
    }

    public void Dispose() => _harness.Dispose();

    private PubSubBroker Broker => _harness.Broker;

    private void Restart()
    {
        _harness.Dispose();
        _harness = new BrokerHarness(store: _messages, state: _state);
    }

    [Theory]
    [InlineData(Topic)]
    [InlineData(Subscription)]
    [InlineData(Schema)]
    public void Restart_Policy_KeptWithEtagConditionAndAuditConfig(string resource)
    {
        var before = Broker.GetIamPolicy(resource, 3);

        Restart();

        var after = Broker.GetIamPolicy(resource, 3);
        Assert.Equal(before.Etag, after.Etag);
        Assert.Equal(3, after.Version);
        var binding = Assert.Single(after.Bindings);
        Assert.Equal("until 2027", binding.Condition!.Title);
        Assert.Equal(["serviceAccount:app@p.iam.gserviceaccount.com"], binding.Members);
        Assert.Equal(["user:quiet@example.com"], Assert.Single(Assert.Single(after.AuditConfigs).AuditLogConfigs).ExemptedMembers);
    }

    [Fact]
    public void DeleteTopic_PolicyGoesWithIt_RecreatedTopicHasNone()
    {
        Broker.DeleteTopic(Topic);
        _harness.CreateTopic("orders");

        Assert.Empty(Broker.GetIamPolicy(Topic, 0).Bindings);
        Assert.DoesNotContain(_state.LoadAll(PubSubDocuments.PolicyKind), document => document.Key == Topic);
    }

    [Fact]
    public void DeleteSubscription_PolicyGoesWithIt_EvenAfterRestart()
    {
        Broker.DeleteSubscription(Subscription);

        Restart();
        _harness.CreateSubscription("billing", "orders");

        Assert.Empty(Broker.GetIamPolicy(Subscription, 0).Bindings);
        Assert.DoesNotContain(_state.LoadAll(PubSubDocuments.PolicyKind), document => document.Key == Subscription);
    }

    [Fact]
    public void DeleteSchema_PolicyGoesWithIt()
    {
        Broker.DeleteSchema(Schema);

        Assert.Equal([Subscription, Topic], _state.LoadAll(PubSubDocuments.PolicyKind).Select(document => document.Key).Order());
    }
}
