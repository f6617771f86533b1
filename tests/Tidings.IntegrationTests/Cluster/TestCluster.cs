using Microsoft.Extensions.DependencyInjection;
using Tidings.Cluster;

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

    /// <summary>Starts <paramref name="count"/> nodes at once, as a deployment does.</summary>
    public static async Task<TestCluster> StartTogetherAsync(int count, Action<Tidings.Configuration.TidingsOptions>? configureOptions = null)
    {
        var cluster = new TestCluster();
        var started = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            ClusterTestNode.StartAsync(cluster.ConnectionString, $"node-{(char)('a' + i)}", configureOptions: configureOptions)));
        cluster._nodes.AddRange(started);
        return cluster;
    }

    public async Task<ClusterTestNode> AddNodeAsync(string nodeId, Action<IServiceCollection>? configureServices = null,
        Action<Tidings.Configuration.TidingsOptions>? configureOptions = null)
    {
        var node = await ClusterTestNode.StartAsync(ConnectionString, nodeId, configureServices, configureOptions);
        _nodes.Add(node);
        return node;
    }

    /// <summary>
    /// Waits until every unit runs on exactly one of <paramref name="among"/> (default: every node) and the others
    /// know it as the owner; returns each unit's owner.
    /// </summary>
    public async Task<IReadOnlyDictionary<ClusterUnit, ClusterTestNode>> WaitForOwnersAsync(IEnumerable<ClusterTestNode>? among = null, int timeoutMs = 15_000)
    {
        var nodes = (among ?? _nodes).ToList();
        var owners = new Dictionary<ClusterUnit, ClusterTestNode>();
        await Eventually.TrueAsync(() =>
        {
            owners.Clear();
            foreach (var unit in nodes[0].State.Units.All)
            {
                var owning = nodes.Where(n => n.Owns(unit)).ToList();
                if (owning.Count != 1 || !nodes.All(n => n.State.OwnerOf(unit)?.NodeId == owning[0].NodeId))
                {
                    return false;
                }
                owners[unit] = owning[0];
            }
            return true;
        }, "every unit to run on one node that the others know", timeoutMs);
        return owners;
    }

    /// <summary>Waits until one of <paramref name="among"/> runs every engine and the others know it; returns that node.</summary>
    public async Task<ClusterTestNode> WaitForOneOwnerAsync(IEnumerable<ClusterTestNode>? among = null, int timeoutMs = 15_000)
    {
        var owners = await WaitForOwnersAsync(among, timeoutMs);
        Assert.Single(owners.Values.Distinct());
        return owners[ClusterUnit.PubSub];
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
