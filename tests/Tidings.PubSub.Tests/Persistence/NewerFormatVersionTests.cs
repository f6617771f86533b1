using System.Text;
using System.Text.Json.Nodes;
using Tidings.Kernel.Iam;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;
using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Persistence;

/// <summary>A record written by a newer Tidings (a higher format version) stops start-up with a message naming it.</summary>
public sealed class NewerFormatVersionTests
{
    private readonly InMemoryMessageStore _messages = new();
    private readonly InMemoryStateStore _state = new();

    public NewerFormatVersionTests()
    {
        using var harness = new BrokerHarness(store: _messages, state: _state);
        harness.CreateTopic("orders");
        harness.CreateSubscription("billing", "orders");
        harness.Broker.SetIamPolicy("projects/p/topics/orders", new IamPolicy(1, [new IamBinding("roles/pubsub.viewer", ["user:a@example.com"], null)], [], []), []);
    }

    [Theory]
    [InlineData(PubSubDocuments.TopicKind, "projects/p/topics/orders")]
    [InlineData(PubSubDocuments.SubscriptionKind, "projects/p/subscriptions/billing")]
    [InlineData(PubSubDocuments.MetaKind, PubSubDocuments.LastSubscriptionIdKey)]
    [InlineData(PubSubDocuments.PolicyKind, "projects/p/topics/orders")]
    public void Recovery_JsonRecordOfNewerVersion_FailsNamingTheRecord(string kind, string key)
    {
        var document = Assert.Single(_state.LoadAll(kind), d => d.Key == key);
        var json = JsonNode.Parse(document.Value)!;
        json["FormatVersion"] = PubSubDocuments.FormatVersion + 1;
        _state.Apply([StateChange.Put(kind, key, Encoding.UTF8.GetBytes(json.ToJsonString()))]);

        var error = Assert.Throws<InvalidDataException>(() => new BrokerHarness(store: _messages, state: _state));

        Assert.Contains($"{kind} record '{key}' has format version {PubSubDocuments.FormatVersion + 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer Tidings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovery_AckStateOfNewerVersion_FailsNamingTheRecord()
    {
        var document = Assert.Single(_state.LoadAll(PubSubDocuments.AckKind));
        var value = document.Value.ToArray();
        value[3] = AckStateCodec.NewestVersion + 1;
        _state.Apply([StateChange.Put(document.Kind, document.Key, value)]);

        var error = Assert.Throws<InvalidDataException>(() => new BrokerHarness(store: _messages, state: _state));

        Assert.Contains($"pubsub.ack record '{document.Key}' has format version {AckStateCodec.NewestVersion + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_EveryRecord_CarriesTheCurrentVersion()
    {
        foreach (var kind in new[] { PubSubDocuments.TopicKind, PubSubDocuments.SubscriptionKind, PubSubDocuments.MetaKind })
        {
            var json = JsonNode.Parse(Assert.Single(_state.LoadAll(kind)).Value)!;
            Assert.Equal(PubSubDocuments.FormatVersion, json["FormatVersion"]!.GetValue<int>());
        }
        var ack = Assert.Single(_state.LoadAll(PubSubDocuments.AckKind)).Value;
        Assert.Equal("ACK"u8.ToArray(), ack[..3]);
        Assert.Equal(1, ack[3]); // version 2 only when failed attempts are kept
    }
}
