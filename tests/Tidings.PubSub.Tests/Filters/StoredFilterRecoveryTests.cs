using System.Text;
using System.Text.Json.Nodes;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Tests.Support;
using Tidings.Storage.InMemory;
using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>A stored filter that this build cannot parse (a damaged record) stops start-up, naming the record and the problem.</summary>
public sealed class StoredFilterRecoveryTests
{
    [Fact]
    public void Recovery_StoredFilterThatDoesNotParse_FailsNamingRecordAndProblem()
    {
        var messages = new InMemoryMessageStore();
        var state = new InMemoryStateStore();
        using (var harness = new BrokerHarness(store: messages, state: state))
        {
            harness.CreateTopic("events");
            harness.CreateFilteredSubscription("orders", "events");
        }
        var document = Assert.Single(state.LoadAll(PubSubDocuments.SubscriptionKind));
        var json = JsonNode.Parse(document.Value)!;
        json["Settings"]!["Filter"] = "attributes.kind = order";
        state.Apply([StateChange.Put(document.Kind, document.Key, Encoding.UTF8.GetBytes(json.ToJsonString()))]);

        var error = Assert.Throws<InvalidDataException>(() => new BrokerHarness(store: messages, state: state));

        Assert.Equal(
            "The stored pubsub.subscription record 'projects/p/subscriptions/orders' has a filter this Tidings cannot parse: " +
            "Invalid filter: expected a string literal in quotes (values are never unquoted); found 'order' at character 19.",
            error.Message);
    }
}
