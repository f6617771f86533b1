using Tidings.Cluster;
using Tidings.PubSub.Cells;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// Pub/Sub in four cells for cluster tests: names that land in a given cell, and two nodes started together that share
/// the cells (each runs at least one: they hold three units of six each, two of them Cloud Tasks' and Scheduler's).
/// </summary>
internal static class CellsCluster
{
    public const int Cells = 4;

    public static readonly PubSubCellMap Map = new(Cells);

    /// <summary>The <paramref name="skip"/>-th topic name of <paramref name="project"/> (topic-0, topic-1, …) in <paramref name="cell"/>.</summary>
    public static string TopicIn(int cell, string project = "p", int skip = 0) => NameIn("topics/topic", cell, project, skip);

    /// <summary>A schema name whose home cell (its name's hash, as a topic's) is <paramref name="cell"/>.</summary>
    public static string SchemaIn(int cell, string project = "p") => NameIn("schemas/schema", cell, project, 0);

    /// <summary>Two nodes on a fresh database, once every unit has its owner; with a cell each of them runs.</summary>
    public static async Task<(TestCluster Cluster, ClusterTestNode A, ClusterTestNode B, int CellOfA, int CellOfB)> StartTwoNodesAsync()
    {
        // A heartbeat long enough that both hosts, built at once on a busy machine, see each other within the join window.
        var cluster = await TestCluster.StartTogetherAsync(2, o =>
        {
            o.PubSubCells = Cells;
            o.ClusterHeartbeatMs = 1000;
        });
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        // Three units each: a node that took more would hand a cell to the other while the test runs.
        await Eventually.TrueAsync(() => a.State.Held.Count == 3 && b.State.Held.Count == 3, "the two nodes to hold three units each", 30_000);
        var owners = await cluster.WaitForOwnersAsync(timeoutMs: 30_000);
        int Owned(ClusterTestNode node) => Enumerable.Range(0, Cells).First(cell => owners[ClusterUnit.PubSubCell(cell)] == node);
        return (cluster, a, b, Owned(a), Owned(b));
    }

    private static string NameIn(string collectionAndPrefix, int cell, string project, int skip) =>
        Enumerable.Range(0, 1000).Select(i => $"projects/{project}/{collectionAndPrefix}-{i}").Where(name => Map.OfTopic(name) == cell).Skip(skip).First();
}
