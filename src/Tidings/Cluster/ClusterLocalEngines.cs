using Tidings.Monitoring;

namespace Tidings.Cluster;

/// <summary>The engines of the units this node runs (their engines opened), for the meter.</summary>
internal sealed class ClusterLocalEngines(ClusterState state) : LocalEngines
{
    /// <summary>With Pub/Sub in cells: any of them (the meter then shows this node's cells).</summary>
    public override bool PubSub => state.Units.All.Any(u => u.Service == UnitService.PubSub && state.RoleOf(u) == UnitRole.Owning);

    public override bool Tasks => state.RoleOf(ClusterUnit.Tasks) == UnitRole.Owning;

    public override bool Scheduler => state.RoleOf(ClusterUnit.Scheduler) == UnitRole.Owning;
}
