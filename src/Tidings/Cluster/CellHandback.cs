namespace Tidings.Cluster;

/// <summary>
/// Which Pub/Sub cell, if any, a node hands back at a heartbeat so that a node that joined later gets work; pure, so
/// the rules are tested without a database. Taking alone (<see cref="UnitClaims"/>) leaves a node started after the
/// others with nothing, since units are never taken from a live owner. A cell is the one unit whose engine can close
/// and open elsewhere while the node lives (Cloud Tasks' and Scheduler's engines are singletons of their container),
/// so cells are what moves: with Pub/Sub in one cell nothing is handed back, and a stream or two interrupted for no
/// spreading of Pub/Sub itself is not worth it.
/// <para>
/// Only in a settled cluster: every unit recorded by a live owner, every live node past its join window, nothing
/// opening or closing on this node. Then the node holding the most units among those running a cell (ties to the lowest node id, so
/// one node moves at a time) hands back one cell while it holds at least two more than the node holding fewest. After handing
/// back, it takes nothing by share for <see cref="Cooldown"/> heartbeats, so the cell goes to a node below its share.
/// Each move lowers the spread, so the moves end.
/// </para>
/// </summary>
internal static class CellHandback
{
    /// <summary>Heartbeats after a handback in which the node takes no unit by share (an abandoned one it still takes), unless a node is gone meanwhile.</summary>
    public const int Cooldown = UnitClaims.AbandonedAfter + 1;

    /// <summary>The cell to hand back now, or null.</summary>
    /// <param name="nodeId">This node.</param>
    /// <param name="owners">Each unit's recorded owner (whose backend holds its lock), as the heartbeat read them.</param>
    /// <param name="settledNodes">Live nodes seen for longer than their join window, this one included.</param>
    /// <param name="owning">The units whose engine runs here.</param>
    /// <param name="busy">Whether a unit of this node is in its grace, opening or closing.</param>
    /// <param name="units">The cluster's units.</param>
    public static ClusterUnit? Choose(string nodeId, IReadOnlyDictionary<ClusterUnit, UnitOwner> owners,
        IReadOnlyCollection<string> settledNodes, IReadOnlyCollection<ClusterUnit> owning, bool busy, ClusterUnits units)
    {
        if (units.PubSubCells <= 1 || busy || owners.Count < units.All.Count || !settledNodes.Contains(nodeId)
            || owners.Values.Any(o => !settledNodes.Contains(o.NodeId)))
        {
            return null;
        }
        var counts = settledNodes.ToDictionary(n => n, n => owners.Values.Count(o => o.NodeId == n), StringComparer.Ordinal);
        var withCells = owners.Where(o => o.Key.Service == UnitService.PubSub).Select(o => o.Value.NodeId).ToHashSet(StringComparer.Ordinal);
        var most = counts.Where(c => withCells.Contains(c.Key)).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First();
        var fewest = counts.Where(c => c.Key != nodeId).Select(c => c.Value).DefaultIfEmpty(int.MaxValue).Min();
        if (most.Key != nodeId || fewest == int.MaxValue || most.Value < fewest + 2)
        {
            return null;
        }
        return owning.Where(u => u.Service == UnitService.PubSub && owners.TryGetValue(u, out var o) && o.NodeId == nodeId)
            .OrderByDescending(u => u.Cell)
            .Cast<ClusterUnit?>()
            .FirstOrDefault();
    }
}
