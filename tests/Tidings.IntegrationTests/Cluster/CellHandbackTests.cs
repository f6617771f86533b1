using Tidings.Cluster;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>When a node hands a Pub/Sub cell back (<see cref="CellHandback"/>), without a database.</summary>
public sealed class CellHandbackTests
{
    private static readonly ClusterUnits FourCells = new(4);

    /// <summary>Owners as a heartbeat reads them: each unit's node, in the order of <paramref name="units"/>'s units.</summary>
    private static Dictionary<ClusterUnit, UnitOwner> Owners(ClusterUnits units, params string[] nodes) =>
        units.All.Zip(nodes).ToDictionary(p => p.First, p => new UnitOwner(p.Second, $"http://{p.Second}", 1));

    private static ClusterUnit? Choose(string nodeId, Dictionary<ClusterUnit, UnitOwner> owners, string[] settled, bool busy = false, ClusterUnits? units = null) =>
        Choose(nodeId, owners, settled, [.. owners.Where(o => o.Value.NodeId == nodeId).Select(o => o.Key)], busy, units);

    private static ClusterUnit? Choose(string nodeId, Dictionary<ClusterUnit, UnitOwner> owners, string[] settled, ClusterUnit[] owning, bool busy, ClusterUnits? units) =>
        CellHandback.Choose(nodeId, owners, settled, owning, busy, units ?? FourCells);

    [Fact]
    public void NodeRunningEverything_HandsItsHighestCellBack_ToASettledNodeRunningNothing()
    {
        var owners = Owners(FourCells, "a", "a", "a", "a", "a", "a");

        Assert.Equal(ClusterUnit.PubSubCell(3), Choose("a", owners, ["a", "b"]));
        Assert.Null(Choose("b", owners, ["a", "b"]));
    }

    [Fact]
    public void TheMovesEnd_WhenNoNodeHoldsTwoMoreThanAnother()
    {
        // a: cells 0-1, b: cells 2-3 and Cloud Tasks and Scheduler (4 against 2): b hands one back.
        var uneven = Owners(FourCells, "a", "a", "b", "b", "b", "b");
        var even = Owners(FourCells, "a", "a", "a", "b", "b", "b");

        Assert.Equal(ClusterUnit.PubSubCell(3), Choose("b", uneven, ["a", "b"]));
        Assert.Null(Choose("a", uneven, ["a", "b"]));
        Assert.Null(Choose("a", even, ["a", "b"]));
        Assert.Null(Choose("b", even, ["a", "b"]));
    }

    [Fact]
    public void WithPubSubInOneCell_NothingIsHandedBack()
    {
        var owners = Owners(ClusterUnits.Single, "a", "a", "a");

        Assert.Null(Choose("a", owners, ["a", "b", "c"], units: ClusterUnits.Single));
    }

    [Fact]
    public void OnlyInASettledCluster()
    {
        var owners = Owners(FourCells, "a", "a", "a", "a", "a", "a");
        var oneUnrecorded = Owners(FourCells, "a", "a", "a", "a", "a");

        Assert.Null(Choose("a", owners, ["a"]));                 // b is within its join window: not settled yet
        Assert.Null(Choose("a", owners, ["a", "b"], busy: true)); // something of a's still opens or closes
        Assert.Null(Choose("a", oneUnrecorded, ["a", "b"]));      // a unit without a recorded owner (one in its grace)
        Assert.Null(Choose("a", Owners(FourCells, "a", "a", "a", "a", "a", "c"), ["a", "b"])); // an owner not settled
    }

    [Fact]
    public void OfSeveralHoldingTheMost_OnlyTheLowestNodeIdHandsBack()
    {
        // Six units on four nodes: a, b and c hold two each, d nothing.
        var owners = Owners(FourCells, "a", "a", "b", "b", "c", "c");
        string[] settled = ["a", "b", "c", "d"];

        Assert.Equal(ClusterUnit.PubSubCell(1), Choose("a", owners, settled));
        Assert.Null(Choose("b", owners, settled));
        Assert.Null(Choose("c", owners, settled));
    }

    [Fact]
    public void ANodeRunningNoCell_IsNotTheOneToMove_TheBusiestWithACellIs()
    {
        // Two cells: a runs Cloud Tasks and Scheduler, b both cells, c nothing; a's lower id must not block b.
        var units = new ClusterUnits(2);
        var owners = Owners(units, "b", "b", "a", "a");
        string[] settled = ["a", "b", "c"];

        Assert.Null(Choose("a", owners, settled, units: units));
        Assert.Equal(ClusterUnit.PubSubCell(1), Choose("b", owners, settled, units: units));
    }

    [Fact]
    public void OnlyACellWhoseEngineRunsHere_IsHandedBack()
    {
        var owners = Owners(FourCells, "a", "a", "a", "a", "a", "a");
        ClusterUnit[] owningNoCell = [ClusterUnit.Tasks, ClusterUnit.Scheduler];

        Assert.Null(Choose("a", owners, ["a", "b"], owningNoCell, busy: false, units: null));
    }
}
