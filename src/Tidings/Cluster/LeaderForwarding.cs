using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tidings.Hosting;
using Tidings.Monitoring;
using Yarp.ReverseProxy.Forwarder;

namespace Tidings.Cluster;

/// <summary>
/// The first middleware in cluster mode: a node that does not lead forwards every request to the leader's
/// advertise URL (<see cref="IHttpForwarder"/>, streaming both ways, trailers included, so StreamingPull works
/// through it), gRPC as HTTP/2 (prior-knowledge h2c on http URLs) and everything else as HTTP/1.1. Its own probes
/// (<c>/healthz</c>, <c>/readyz</c>, <c>/clusterz</c>, <c>GET /</c>) and the OIDC discovery document and JWKS are
/// answered here; <c>/metrics</c> never
/// reaches this middleware. A forwarded request carries <see cref="ForwardedHeader"/> and is never forwarded again:
/// a node that gets one without leading answers UNAVAILABLE (<see cref="ClusterUnavailable"/>), as it does when no
/// leader is known or the leader cannot be reached, so Google's clients retry.
/// </summary>
internal sealed class LeaderForwarding(
    RequestDelegate next,
    ClusterState state,
    ClusterNode node,
    IHttpForwarder forwarder,
    ForwardingClient client,
    ILogger<LeaderForwarding> logger)
{
    /// <summary>Names the node that forwarded the request.</summary>
    public const string ForwardedHeader = "X-Tidings-Forwarded-By";

    /// <summary>
    /// How long a request waits for a leader to be known (a failover in progress) or for this node's engines to
    /// open before it is answered UNAVAILABLE: a failover takes about three heartbeats.
    /// </summary>
    private TimeSpan LeaderWait => 5 * node.Heartbeat;

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsLocal(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (state.Role != NodeRole.Leading)
        {
            await state.WaitAsync(s => s.Role == NodeRole.Leading || (s.Role == NodeRole.Follower && s.Leader is not null),
                LeaderWait, context.RequestAborted).ConfigureAwait(false);
        }
        if (state.Role == NodeRole.Leading)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (context.Request.Headers.ContainsKey(ForwardedHeader))
        {
            await ClusterUnavailable.WriteAsync(context, ClusterUnavailable.ForwardedTwiceMessage).ConfigureAwait(false);
            return;
        }
        if (state.Role != NodeRole.Follower || state.Leader is not { } leader)
        {
            await ClusterUnavailable.WriteAsync(context, ClusterUnavailable.NoLeaderMessage).ConfigureAwait(false);
            return;
        }
        await ForwardAsync(context, leader).ConfigureAwait(false);
    }

    private async Task ForwardAsync(HttpContext context, LeaderInfo leader)
    {
        var grpc = ClusterUnavailable.IsGrpc(context.Request);
        var error = await forwarder.SendAsync(context, leader.Url, client.Invoker,
            grpc ? client.GrpcConfig : client.RestConfig, client.Transformer).ConfigureAwait(false);
        if (error == ForwarderError.None)
        {
            return;
        }
        var failure = context.Features.Get<IForwarderErrorFeature>();
        ClusterLog.ForwardFailed(logger, failure?.Exception, context.Request.Method, context.Request.Path, leader.Url, error.ToString());
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled)
        {
            return; // the client went away
        }
        // Before the leader answered (unreachable, gone, refused): UNAVAILABLE, which clients retry. After it began
        // answering, the response is cut (YARP resets the stream), as when a server dies mid-stream.
        await ClusterUnavailable.WriteAsync(context, ClusterUnavailable.NoLeaderMessage).ConfigureAwait(false);
    }

    private static bool IsLocal(HttpRequest request) =>
        request.Path.Equals(HealthEndpoints.HealthPath, StringComparison.Ordinal)
        || request.Path.Equals(HealthEndpoints.ReadyPath, StringComparison.Ordinal)
        || request.Path.Equals(ClusterStatusEndpoint.Path, StringComparison.Ordinal)
        // Every node signs with the cluster's one key (ClusterOidcKeyStore), so each serves the same documents.
        || request.Path.Equals(DeliveryRegistration.OpenIdConfigurationPath, StringComparison.Ordinal)
        || request.Path.Equals(DeliveryRegistration.JwksPath, StringComparison.Ordinal)
        || (HttpMethods.IsGet(request.Method) && request.Path.Equals("/", StringComparison.Ordinal));
}

/// <summary>Adds <see cref="LeaderForwarding.ForwardedHeader"/> to what YARP's default transform copies.</summary>
internal sealed class ForwardedTransformer(string nodeId) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.TryAddWithoutValidation(LeaderForwarding.ForwardedHeader, nodeId);
    }
}
