using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// Nothing resolves an engine on a node that does not run it, nor so its stores: not the engines' start-up, the
/// bootstrap, readiness or <c>/metrics</c>. Its stores would be the owner's database tables, which only the owner may write.
/// </summary>
public sealed class ClusterFollowerEnginesTests
{
    [Fact]
    public async Task NodeOwningNothing_NeverOpensTheEngines_EvenWhenScraped()
    {
        var opened = new Dictionary<string, int>();
        Action<IServiceCollection> counting(string nodeId) => services => services.AddSingleton<IMessageStore>(_ =>
        {
            lock (opened)
            {
                opened[nodeId] = opened.GetValueOrDefault(nodeId) + 1;
            }
            return new InMemoryMessageStore();
        });
        using var database = new TestPostgres();
        await using var first = await ClusterTestNode.StartAsync(database.ConnectionString, "first", counting("first"));
        await Eventually.TrueAsync(() => first.OwnsAll, "the first node, alone, to run every engine");
        await using var second = await ClusterTestNode.StartAsync(database.ConnectionString, "second", counting("second"));
        await Eventually.TrueAsync(() => second.State.OwnerOf(Tidings.Cluster.ClusterUnit.PubSub)?.NodeId == "first", "the second node to know the owner");

        Assert.Equal(HttpStatusCode.OK, (await second.Http.PutAsync("/v1/projects/p/topics/measured", new StringContent("{}"))).StatusCode); // forwarded
        Assert.Equal(HttpStatusCode.OK, (await second.Http.PostAsync("/v1/projects/p/topics/measured:publish",
            new StringContent("{\"messages\":[{\"data\":\"aGk=\"}]}"))).StatusCode);
        Assert.DoesNotContain("topic_id=\"measured\"", await second.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/readyz")).StatusCode);
        // The node that runs Pub/Sub shows its figures.
        await Eventually.TrueAsync(async () => (await first.Http.GetStringAsync("/metrics")).Contains("topic_id=\"measured\"", StringComparison.Ordinal),
            "the owner's /metrics to show the topic");

        lock (opened)
        {
            Assert.Equal(1, opened.GetValueOrDefault("first"));
            Assert.False(opened.ContainsKey("second"), "the node owning nothing opened a message store");
        }
    }
}
