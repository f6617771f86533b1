using Tidings.Monitoring;

namespace Tidings.Cluster;

/// <summary>The engines of the units this node runs (their engines opened), for the meter.</summary>
internal sealed class ClusterLocalEngines(ClusterState state) : LocalEngines
{
    public override bool PubSub => state.RoleOf(ClusterUnit.PubSub) == UnitRole.Owning;

    public override bool Tasks => state.RoleOf(ClusterUnit.Tasks) == UnitRole.Owning;

    public override bool Scheduler => state.RoleOf(ClusterUnit.Scheduler) == UnitRole.Owning;
}
