namespace Tidings.Cluster;

/// <summary>
/// Which free units a node tries to take at a heartbeat; pure, so the spreading rules are tested without a database.
/// Units are spread as they are taken (a node gives back only Pub/Sub cells, and only to a node holding far fewer:
/// <see cref="CellHandback"/>): after its join window a node takes free units while it holds fewer than its fair share,
/// <c>ceil(units ÷ live nodes)</c>, trying them in an order rotated by its node id (nodes started together start at
/// different units); a unit seen free for <see cref="AbandonedAfter"/> heartbeats since the node joined is taken by
/// anyone, so a lone node, or the survivors of a dead owner, take everything; so is, at once, a unit whose owner
/// stopped gracefully (its row marked left), so a rolling restart pauses a unit for a moment, not five heartbeats.
/// </summary>
internal static class UnitClaims
{
    /// <summary>Heartbeats after its first one before a node takes its share: the others starting with it are seen by then.</summary>
    public const int JoinWindow = 2;

    /// <summary>Heartbeats (counted once joined) a unit stays free before anyone takes it, whatever its share.</summary>
    public const int AbandonedAfter = 3;

    /// <summary>What to try this heartbeat.</summary>
    /// <param name="nodeId">This node: rotates the order.</param>
    /// <param name="beats">Heartbeats this node has made on its session, this one included.</param>
    /// <param name="liveNodes">Nodes seen within the last three heartbeats whose session is still open, this one included.</param>
    /// <param name="mine">Units this node holds (owns or opens).</param>
    /// <param name="held">Units whose lock anyone holds, this node's included.</param>
    /// <param name="freeBeats">Per unit (by its position in <paramref name="units"/>), the heartbeats since joining that it has been seen free in a row.</param>
    /// <param name="units">The cluster's units.</param>
    /// <param name="left">Units whose last owner stopped gracefully: taken by anyone at once, as abandoned ones are.</param>
    public static ClaimPlan Plan(string nodeId, int beats, int liveNodes, int mine, IReadOnlySet<ClusterUnit> held, IReadOnlyList<int> freeBeats, ClusterUnits units,
        IReadOnlySet<ClusterUnit>? left = null)
    {
        if (beats <= JoinWindow)
        {
            return new ClaimPlan([], [], 0);
        }
        var free = Rotated(nodeId, units).Where(u => !held.Contains(u)).ToList();
        var abandoned = free.Where(u => freeBeats[units.IndexOf(u)] >= AbandonedAfter || left?.Contains(u) == true).ToList();
        var share = (units.All.Count + Math.Max(1, liveNodes) - 1) / Math.Max(1, liveNodes);
        return new ClaimPlan(abandoned, [.. free.Except(abandoned)], Math.Max(0, share - mine));
    }

    /// <summary>Every unit, starting at one chosen by a stable hash of <paramref name="nodeId"/> (FNV-1a).</summary>
    public static IReadOnlyList<ClusterUnit> Rotated(string nodeId, ClusterUnits units)
    {
        var hash = 2166136261u;
        foreach (var c in nodeId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }
        var start = (int)(hash % (uint)units.All.Count);
        return [.. units.All.Skip(start), .. units.All.Take(start)];
    }
}

/// <summary>
/// A heartbeat's claims: every unit of <paramref name="Abandoned"/> is tried; units of <paramref name="ByShare"/>
/// are tried in order until <paramref name="Wanted"/> of them were won.
/// </summary>
internal sealed record ClaimPlan(IReadOnlyList<ClusterUnit> Abandoned, IReadOnlyList<ClusterUnit> ByShare, int Wanted);
