using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tidings.Cluster;

/// <summary>
/// <c>GET /clusterz</c>: this node's view of the cluster as JSON, answered by the node itself (never forwarded), for
/// harnesses and operators: <c>{"nodeId","advertiseUrl","units":{"pubsub":{"role":"none|opening|owning|releasing",
/// "owner":{"nodeId","url","epoch"}|null},"tasks":…,"scheduler":…},"nodes":[{"nodeId","url"}]}</c>, the nodes being
/// those seen within the last three heartbeats.
/// </summary>
internal static class ClusterStatusEndpoint
{
    public const string Path = "/clusterz";

    public static IEndpointRouteBuilder MapClusterStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (ClusterNode node, ClusterState state) => Results.Json(new
        {
            nodeId = node.NodeId,
            advertiseUrl = node.AdvertiseUrl,
            units = state.Units.All.ToDictionary(u => u.Name(), u => new
            {
                role = state.RoleOf(u).ToString().ToLowerInvariant(),
                owner = state.OwnerOf(u) is { } owner ? new { nodeId = owner.NodeId, url = owner.Url, epoch = owner.Epoch } : null,
            }),
            nodes = state.LiveNodes.Select(n => new { nodeId = n.NodeId, url = n.Url }),
        }));
        return endpoints;
    }
}
