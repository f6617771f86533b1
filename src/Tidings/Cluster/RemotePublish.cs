using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;
using Tidings.Kernel.Errors;
using Tidings.PubSub.Publishing;

namespace Tidings.Cluster;

/// <summary>
/// Publishes to a topic whose engine (or cell) runs on another node, through gRPC marked forwarded, so a node that
/// lost it meanwhile answers UNAVAILABLE rather than forwarding again. The owner's status becomes the
/// <see cref="TidingsException"/> the in-process engine would have thrown (its code and message).
/// </summary>
internal static class RemotePublish
{
    public static async Task SendAsync(NodeChannels channels, ClusterNode node, string ownerUrl, string topic,
        IEnumerable<PublishMessage> messages, CancellationToken cancellationToken)
    {
        var request = new PublishRequest { Topic = topic };
        foreach (var message in messages)
        {
            var sent = new PubsubMessage { Data = ByteString.CopyFrom(message.Data.Span), OrderingKey = message.OrderingKey };
            foreach (var (key, value) in message.Attributes)
            {
                sent.Attributes[key] = value;
            }
            request.Messages.Add(sent);
        }
        var client = new Publisher.PublisherClient(channels.For(ownerUrl));
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
