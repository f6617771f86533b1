namespace Tidings.Cluster;

/// <summary>
/// What one heartbeat read: each unit's recorded owner (only while its backend holds the lock), the units whose lock
/// anyone holds (an owner in its grace has not recorded itself yet), and the live nodes.
/// </summary>
internal sealed record ClusterView(
    IReadOnlyDictionary<ClusterUnit, UnitOwner> Owners,
    IReadOnlySet<ClusterUnit> Held,
    IReadOnlyList<ClusterNodeInfo> LiveNodes)
{
    /// <summary>Units whose last owner stopped gracefully, not taken since.</summary>
    public IReadOnlySet<ClusterUnit> Left { get; init; } = new HashSet<ClusterUnit>();
}
