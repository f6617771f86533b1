using System.Collections.Concurrent;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Kernel.Errors;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.PubSub.Publishing;
using Tidings.Scheduler.Execution;

namespace Tidings.Cluster;

/// <summary>
/// Cloud Scheduler's Pub/Sub targets in a cluster: published in process when this node runs Pub/Sub, else through
/// gRPC to the node that does (marked forwarded, so a node that lost it meanwhile answers UNAVAILABLE rather than
/// forwarding again). The owner's status becomes the <see cref="TidingsException"/> the in-process broker would have
/// thrown (its code and message), so a job's attempt records the same status either way. Thread-safe.
/// </summary>
internal sealed class ClusterPubSubTargetPublisher(ClusterState state, ClusterNode node, ForwardingClient forwarding, IServiceProvider services)
    : IPubSubTargetPublisher, IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public async Task PublishAsync(string topic, PublishMessage message, CancellationToken cancellationToken)
    {
        var owner = await UnitForwarding.OwnerAsync(state, node, ClusterUnit.PubSub, cancellationToken).ConfigureAwait(false);
        if (state.RoleOf(ClusterUnit.PubSub) == UnitRole.Owning)
        {
            await services.GetRequiredService<PubSubCells>().ForTopic(topic).PublishAsync(topic, [message], requestBytes: 0, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (owner is null)
        {
            throw new TidingsException(ErrorCode.Unavailable, ClusterUnavailable.NoOwnerMessage);
        }
        var request = new PublishRequest { Topic = topic };
        var sent = new PubsubMessage { Data = ByteString.CopyFrom(message.Data.Span), OrderingKey = message.OrderingKey };
        foreach (var (key, value) in message.Attributes)
        {
            sent.Attributes[key] = value;
        }
        request.Messages.Add(sent);
        var client = new Publisher.PublisherClient(Channel(owner.Url));
        try
        {
            await client.PublishAsync(request, new Metadata { { UnitForwarding.ForwardedHeader, node.NodeId } },
                cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException error) when (error.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            throw new TidingsException((ErrorCode)(int)error.StatusCode, error.Status.Detail);
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }

    // A channel per owner's address, over the node's one pool of connections to other nodes (not disposed with it).
    // Given as an HttpClient, not as the handler: a channel given a SocketsHttpHandler sets it up for its own load
    // balancing, which fails once the pool has sent a request (it has: YARP forwards over it) and fails every publish.
    private GrpcChannel Channel(string url) => _channels.GetOrAdd(url, url => GrpcChannel.ForAddress(url, new GrpcChannelOptions
    {
        HttpClient = new HttpClient(forwarding.Handler, disposeHandler: false),
        DisposeHttpClient = true,
    }));
}
