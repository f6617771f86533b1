using System.Collections.Concurrent;
using Grpc.Net.Client;

namespace Tidings.Cluster;

/// <summary>
/// gRPC channels to other nodes, one per advertised URL, over the node's one pool of connections to them
/// (<see cref="ForwardingClient"/>, not disposed with them). Given as an HttpClient, not as the handler: a channel
/// given a SocketsHttpHandler sets it up for its own load balancing, which fails once the pool has sent a request
/// (it has: YARP forwards over it) and fails every call.
/// </summary>
internal sealed class NodeChannels(ForwardingClient forwarding) : IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public GrpcChannel For(string url) => _channels.GetOrAdd(url, url => GrpcChannel.ForAddress(url, new GrpcChannelOptions
    {
        HttpClient = new HttpClient(forwarding.Handler, disposeHandler: false),
        DisposeHttpClient = true,
    }));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
