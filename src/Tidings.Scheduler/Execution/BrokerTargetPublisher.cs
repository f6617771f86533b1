using Tidings.PubSub;
using Tidings.PubSub.Publishing;

namespace Tidings.Scheduler.Execution;

/// <summary>Publishes Pub/Sub targets in process, through the broker's ordinary durable publish.</summary>
public sealed class BrokerTargetPublisher(PubSubBroker broker) : IPubSubTargetPublisher
{
    public async Task PublishAsync(string topic, PublishMessage message, CancellationToken cancellationToken) =>
        await broker.PublishAsync(topic, [message], requestBytes: 0, cancellationToken).ConfigureAwait(false);
}
