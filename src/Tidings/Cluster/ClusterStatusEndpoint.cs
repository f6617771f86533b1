using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tidings.Cluster;

/// <summary>
/// <c>GET /clusterz</c>: this node's view of the cluster as JSON, answered by the node itself (never forwarded), for
/// harnesses and operators: <c>{"nodeId","advertiseUrl","role":"follower|opening|leading","leader":{"nodeId","url","epoch"}|null}</c>.
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
            role = state.Role.ToString().ToLowerInvariant(),
            leader = state.Leader is { } leader ? new { nodeId = leader.NodeId, url = leader.Url, epoch = leader.Epoch } : null,
        }));
        return endpoints;
    }
}
