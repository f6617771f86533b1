using Microsoft.Extensions.DependencyInjection;
using Tidings.Kernel.Errors;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.PubSub.Publishing;
using Tidings.Scheduler.Execution;

namespace Tidings.Cluster;

/// <summary>
/// Cloud Scheduler's Pub/Sub targets in a cluster: published in process when this node runs the topic's cell, else
/// through gRPC to the node that does (<see cref="RemotePublish"/>), so a job's attempt records the same status either
/// way. Thread-safe.
/// </summary>
internal sealed class ClusterPubSubTargetPublisher(ClusterState state, ClusterNode node, NodeChannels channels, IServiceProvider services)
    : IPubSubTargetPublisher
{
    public async Task PublishAsync(string topic, PublishMessage message, CancellationToken cancellationToken)
    {
        var cells = services.GetRequiredService<PubSubCells>();
        var unit = ClusterUnit.PubSubCell(cells.Map.OfTopic(topic));
        var owner = await UnitForwarding.OwnerAsync(state, node, unit, cancellationToken).ConfigureAwait(false);
        var requests = services.GetRequiredService<UnitRequests>();
        // Counted as a request is, so a cell handed back closes only once this publish is answered.
        if (await requests.TryServeAsync(unit, () => cells.ForTopic(topic).PublishAsync(topic, [message], requestBytes: 0, cancellationToken).AsTask()).ConfigureAwait(false))
        {
            return;
        }
        if (owner is null)
        {
            throw new TidingsException(ErrorCode.Unavailable, ClusterUnavailable.NoOwnerMessage);
        }
        await RemotePublish.SendAsync(channels, node, owner.Url, topic, [message], cancellationToken).ConfigureAwait(false);
    }
}
