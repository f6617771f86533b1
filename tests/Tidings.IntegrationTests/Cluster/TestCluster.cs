using Microsoft.Extensions.DependencyInjection;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>Several <see cref="ClusterTestNode"/>s on one fresh <see cref="TestPostgres"/> database.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly TestPostgres _database = new();
    private readonly List<ClusterTestNode> _nodes = [];

    public string ConnectionString => _database.ConnectionString;

    public IReadOnlyList<ClusterTestNode> Nodes => _nodes;

    public static async Task<TestCluster> StartAsync(int nodes, Action<IServiceCollection>? configureServices = null,
        Action<Tidings.Configuration.TidingsOptions>? configureOptions = null)
    {
        var cluster = new TestCluster();
        for (var i = 0; i < nodes; i++)
        {
            await cluster.AddNodeAsync($"node-{(char)('a' + i)}", configureServices, configureOptions);
        }
        return cluster;
    }

    public async Task<ClusterTestNode> AddNodeAsync(string nodeId, Action<IServiceCollection>? configureServices = null,
        Action<Tidings.Configuration.TidingsOptions>? configureOptions = null)
    {
        var node = await ClusterTestNode.StartAsync(ConnectionString, nodeId, configureServices, configureOptions);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Waits until exactly one running node leads and every other running node follows it; returns the leader.</summary>
    public async Task<ClusterTestNode> WaitForLeaderAsync(IEnumerable<ClusterTestNode>? among = null, int timeoutMs = 15_000)
    {
        var nodes = (among ?? _nodes).ToList();
        ClusterTestNode? leader = null;
        await Eventually.TrueAsync(() =>
        {
            var leading = nodes.Where(n => n.IsLeading).ToList();
            if (leading.Count != 1)
            {
                return false;
            }
            leader = leading[0];
            return nodes.All(n => n.State.Leader?.NodeId == leader.NodeId);
        }, "one node to lead and the others to follow it", timeoutMs);
        return leader!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        _database.Dispose();
    }
}
