using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
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
internal sealed class ClusterPubSubTargetPublisher(ClusterState state, ClusterNode node, NodeChannels channels, IServiceProvider services)
    : IPubSubTargetPublisher
{
    public async Task PublishAsync(string topic, PublishMessage message, CancellationToken cancellationToken)
    {
        var cells = services.GetRequiredService<PubSubCells>();
        var unit = ClusterUnit.PubSubCell(cells.Map.OfTopic(topic));
        var owner = await UnitForwarding.OwnerAsync(state, node, unit, cancellationToken).ConfigureAwait(false);
        if (state.RoleOf(unit) == UnitRole.Owning)
        {
            await cells.ForTopic(topic).PublishAsync(topic, [message], requestBytes: 0, cancellationToken).ConfigureAwait(false);
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
        var client = new Publisher.PublisherClient(channels.For(owner.Url));
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
}
