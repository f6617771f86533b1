using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// Nothing resolves an engine on a follower, nor so its stores: not the engines' start-up, the bootstrap, readiness
/// or <c>/metrics</c>. Its stores would be the leader's database tables, which only the leader may write.
/// </summary>
public sealed class ClusterFollowerEnginesTests
{
    [Fact]
    public async Task Follower_NeverOpensTheEngines_EvenWhenScraped()
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
        await Eventually.TrueAsync(() => first.IsLeading, "the first node to lead");
        await using var second = await ClusterTestNode.StartAsync(database.ConnectionString, "second", counting("second"));
        await Eventually.TrueAsync(() => second.State.Leader?.NodeId == "first", "the second node to follow");

        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/v1/projects/p/topics")).StatusCode); // forwarded

        lock (opened)
        {
            Assert.Equal(1, opened.GetValueOrDefault("first"));
            Assert.False(opened.ContainsKey("second"), "the follower opened a message store");
        }
    }
}
