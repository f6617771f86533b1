using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tidings.Cluster;

/// <summary>
/// The console's overview (every project that has a topic, queue or job, and the server's clock) in a cluster, where
/// each service's engine may run on a different node: each unit's owner is asked for its part
/// (<c>/console/api/overview?service=pubsub</c>, …, marked forwarded, through <see cref="ConsolePartClient"/>) and the
/// projects are merged. With Pub/Sub in cells, each node running some is asked once for all of them (naming them). A
/// part whose owner is unknown or does not answer makes the whole UNAVAILABLE, as any request for that unit would be.
/// </summary>
internal sealed class ConsoleOverview(ClusterState state, ClusterNode node, ConsolePartClient parts, TimeProvider time, ILogger<ConsoleOverview> logger)
{
    /// <summary>The query parameter naming the one service an overview covers.</summary>
    public const string ServiceParameter = "service";

    public async Task WriteAsync(HttpContext context)
    {
        var asked = await PartsAsync(context.RequestAborted).ConfigureAwait(false);
        if (asked is null)
        {
            await ClusterUnavailable.WriteAsync(context, ClusterUnavailable.NoOwnerMessage).ConfigureAwait(false);
            return;
        }
        var projects = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var part in asked)
        {
            try
            {
                var answer = await parts.GetAsync(part.Url, $"{UnitRoutes.ConsoleOverviewPath}?{ServiceParameter}={part.Service.Name()}", part.Cells,
                    context.RequestAborted).ConfigureAwait(false);
                projects.UnionWith(answer.GetProperty("projects").EnumerateArray().Select(p => p.GetString()!));
            }
            catch (Exception exception) when (ConsolePartClient.IsPartFailure(exception, context.RequestAborted))
            {
                var units = part.Cells is null ? part.Service.Name() : string.Join(", ", part.Cells.Select(cell => ClusterUnit.PubSubCell(cell).Name()));
                ClusterLog.OverviewPartFailed(logger, node.NodeId, units, exception.Message);
                await ClusterUnavailable.WriteAsync(context, ClusterUnavailable.NoOwnerMessage).ConfigureAwait(false);
                return;
            }
        }
        await Results.Json(new { projects, now = time.GetUtcNow() }).ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>
    /// The parts to ask: Pub/Sub's from each node running some of its cells, then each other service's from its owner
    /// (this node's own parts are asked of itself the same way: the request then passes its forwarding as local); null
    /// when a unit has no known owner.
    /// </summary>
    private async Task<List<OverviewPart>?> PartsAsync(CancellationToken cancellationToken)
    {
        var pubSubCells = state.Units.All.Where(unit => unit.Service == UnitService.PubSub).Select(unit => unit.Cell);
        if (await CellOwners.ByUrlAsync(state, node, pubSubCells, cancellationToken).ConfigureAwait(false) is not { } byOwner)
        {
            return null;
        }
        var asked = byOwner.Select(pair => new OverviewPart(pair.Key, ClusterUnit.PubSub, pair.Value)).ToList();
        foreach (var unit in state.Units.All.Where(unit => unit.Service != UnitService.PubSub))
        {
            var owner = await UnitForwarding.OwnerAsync(state, node, unit, cancellationToken).ConfigureAwait(false);
            if ((state.RoleOf(unit) == UnitRole.Owning ? node.AdvertiseUrl : owner?.Url) is not { } url)
            {
                return null;
            }
            asked.Add(new OverviewPart(url, unit, null));
        }
        return asked;
    }

    /// <summary>A node to ask for a service's projects; for Pub/Sub, those of the cells it runs.</summary>
    private sealed record OverviewPart(string Url, ClusterUnit Service, IReadOnlyList<int>? Cells);
}
