using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tidings.Api;
using Yarp.ReverseProxy.Forwarder;

namespace Tidings.Cluster;

/// <summary>
/// The first middleware in cluster mode: a request for a unit this node does not own (<see cref="UnitRoutes"/>; with
/// Pub/Sub in cells, the cell <see cref="CellRouting"/> picks) is
/// forwarded to the owner's advertise URL (<see cref="IHttpForwarder"/>, streaming both ways, trailers included, so
/// StreamingPull works through it), gRPC as HTTP/2 (prior-knowledge h2c on http URLs) and everything else as
/// HTTP/1.1. What needs no engine (probes, <c>/clusterz</c>, OIDC documents, Locations, the console's page) is
/// answered here, and the console's overview is composed from the owners (<see cref="ConsoleOverview"/>);
/// <c>/metrics</c> never reaches this middleware. A forwarded request carries <see cref="ForwardedHeader"/>, naming
/// the nodes it came through; a node that gets one for a unit it does not own forwards it once more if it knows the
/// owner (one that moved since the first node looked, maybe to that node), else answers UNAVAILABLE (<see cref="ClusterUnavailable"/>),
/// as it does when the unit has no known owner or the owner cannot be reached, so Google's clients retry.
/// </summary>
internal sealed class UnitForwarding(
    RequestDelegate next,
    ClusterState state,
    ClusterNode node,
    IHttpForwarder forwarder,
    ForwardingClient client,
    ConsoleOverview overview,
    CellRouting cells,
    UnitRequests requests,
    ClusterWakeups wakeups,
    ILogger<UnitForwarding> logger)
{
    /// <summary>Names the nodes that forwarded the request, the first one first.</summary>
    public const string ForwardedHeader = "X-Tidings-Forwarded-By";

    /// <summary>Nodes a request may pass through before one serves it: one more when the owner moved since the first looked.</summary>
    public const int MaxHops = 2;

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsOversizedRestBody(context.Request))
        {
            // Refused here unread, as Google's front end and a lone server do (RestRequestSizeLimitMiddleware):
            // forwarded, megabytes would travel only to be refused, and the client's upload be cut off mid-way.
            await next(context).ConfigureAwait(false);
            return;
        }
        if (UnitRoutes.Of(context.Request) is not { } unit)
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Equals(UnitRoutes.ConsoleOverviewPath, StringComparison.Ordinal)
                && !context.Request.Query.ContainsKey(ConsoleOverview.ServiceParameter))
            {
                await overview.WriteAsync(context).ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
            return;
        }
        if (unit.Service == UnitService.PubSub && cells.IsSplit)
        {
            if (await cells.RouteAsync(context).ConfigureAwait(false) is not { } cell)
            {
                await next(context).ConfigureAwait(false); // a listing: gathered from every cell here
                return;
            }
            unit = cell;
        }
        var owner = await OwnerAsync(state, node, unit, context.RequestAborted).ConfigureAwait(false);
        if (await requests.TryServeAsync(unit, () => next(context)).ConfigureAwait(false))
        {
            return;
        }
        if (context.Request.Headers.ContainsKey(ForwardedHeader) && !MayForwardAgain(context.Request))
        {
            await ClusterUnavailable.WriteAsync(context, ClusterUnavailable.ForwardedTwiceMessage).ConfigureAwait(false);
            return;
        }
        if (owner is null)
        {
            await ClusterUnavailable.WriteAsync(context, ClusterUnavailable.NoOwnerMessage).ConfigureAwait(false);
            return;
        }
        await ForwardAsync(context, owner).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a forwarded request may go on to the owner this node knows: the first node's view was behind (a cell
    /// just moved, and this node knows where to: possibly the first node itself, which took it meanwhile), but not
    /// past <see cref="MaxHops"/>, so two nodes whose views disagree pass it to and fro once at most.
    /// </summary>
    private static bool MayForwardAgain(HttpRequest request) =>
        request.Headers[ForwardedHeader]
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Count() < MaxHops;

    private static bool IsOversizedRestBody(HttpRequest request) =>
        request.ContentLength > RequestPayloadLimit.MaxBytes && !ClusterUnavailable.IsGrpc(request);

    /// <summary>
    /// Waits, up to five heartbeats (a failover takes two to four), until this node runs <paramref name="unit"/> (returns
    /// null then) or knows another owner (returns it); null when neither came.
    /// </summary>
    public static async Task<UnitOwner?> OwnerAsync(ClusterState state, ClusterNode node, ClusterUnit unit, CancellationToken cancellationToken)
    {
        static bool Known(ClusterState s, ClusterUnit u) =>
            s.RoleOf(u) == UnitRole.Owning || (s.RoleOf(u) == UnitRole.None && s.OwnerOf(u) is not null);
        if (!Known(state, unit))
        {
            await state.WaitAsync(s => Known(s, unit), 5 * node.Heartbeat, cancellationToken).ConfigureAwait(false);
        }
        return state.RoleOf(unit) == UnitRole.None ? state.OwnerOf(unit) : null;
    }

    private async Task ForwardAsync(HttpContext context, UnitOwner owner)
    {
        var grpc = ClusterUnavailable.IsGrpc(context.Request);
        var error = await forwarder.SendAsync(context, owner.Url, client.Invoker,
            grpc ? client.GrpcConfig : client.RestConfig, client.Transformer).ConfigureAwait(false);
        if (error == ForwarderError.None)
        {
            return;
        }
        var failure = context.Features.Get<IForwarderErrorFeature>();
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled
            or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient)
        {
            // The client went away, or cancelled its stream (Google's clients do at every reconnect).
            ClusterLog.ForwardFailed(logger, failure?.Exception, context.Request.Method, context.Request.Path, owner.Url, error.ToString());
            return;
        }
        ClusterLog.OwnerFailed(logger, failure?.Exception, context.Request.Method, context.Request.Path, owner.Url, error.ToString());
        // Dead, perhaps: its locks are then free already, and the ownership loop need not wait for its heartbeat to see it.
        wakeups.OwnerUnreachable();
        // Before the owner answered (unreachable, gone, refused): UNAVAILABLE, which clients retry. After it began
        // answering, the response is cut (YARP resets the stream), as when a server dies mid-stream.
        await ClusterUnavailable.WriteAsync(context, ClusterUnavailable.NoOwnerMessage).ConfigureAwait(false);
    }
}

/// <summary>Adds <see cref="UnitForwarding.ForwardedHeader"/> to what YARP's default transform copies.</summary>
internal sealed class ForwardedTransformer(string nodeId) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.TryAddWithoutValidation(UnitForwarding.ForwardedHeader, nodeId);
    }
}
