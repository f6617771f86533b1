using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tidings.Cluster;

/// <summary>
/// The console's overview (every project that has a topic, queue or job, and the server's clock) in a cluster, where
/// each service's engine may run on a different node: each unit's owner is asked for its part
/// (<c>/console/api/overview?service=pubsub</c>, …, marked forwarded) and the projects are merged. A part whose owner
/// is unknown or does not answer makes the whole UNAVAILABLE, as any request for that unit would be.
/// </summary>
internal sealed class ConsoleOverview(ClusterState state, ClusterNode node, ForwardingClient forwarding, TimeProvider time, ILogger<ConsoleOverview> logger)
    : IDisposable
{
    /// <summary>The query parameter naming the one service an overview covers.</summary>
    public const string ServiceParameter = "service";

    // Over the node's one pool of connections to other nodes, which this client does not dispose.
    private readonly HttpClient _http = new(forwarding.Handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    public async Task WriteAsync(HttpContext context)
    {
        var projects = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var unit in state.Units.All)
        {
            var owner = await UnitForwarding.OwnerAsync(state, node, unit, context.RequestAborted).ConfigureAwait(false);
            // This node's own part is asked of itself the same way: the request then passes its forwarding as local.
            var url = state.RoleOf(unit) == UnitRole.Owning ? node.AdvertiseUrl : owner?.Url;
            if (url is null)
            {
                await ClusterUnavailable.WriteAsync(context, ClusterUnavailable.NoOwnerMessage).ConfigureAwait(false);
                return;
            }
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}{UnitRoutes.ConsoleOverviewPath}?{ServiceParameter}={unit.Name()}");
                request.Headers.Add(UnitForwarding.ForwardedHeader, node.NodeId);
                using var response = await _http.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var part = await response.Content.ReadFromJsonAsync<JsonElement>(context.RequestAborted).ConfigureAwait(false);
                projects.UnionWith(part.GetProperty("projects").EnumerateArray().Select(p => p.GetString()!));
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
            {
                ClusterLog.OverviewPartFailed(logger, node.NodeId, unit.Name(), exception.Message);
                await ClusterUnavailable.WriteAsync(context, ClusterUnavailable.NoOwnerMessage).ConfigureAwait(false);
                return;
            }
        }
        await Results.Json(new { projects, now = time.GetUtcNow() }).ExecuteAsync(context).ConfigureAwait(false);
    }
}
