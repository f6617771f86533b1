using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.PubSub.Publishing;

namespace Tidings.Scheduler.Execution;

/// <summary>Publishes Pub/Sub targets in process, through the engine's ordinary durable publish (of the topic's cell).</summary>
public sealed class BrokerTargetPublisher : IPubSubTargetPublisher
{
    private readonly Func<string, PubSubBroker> _engineOf;

    public BrokerTargetPublisher(PubSubBroker broker) => _engineOf = _ => broker;

    public BrokerTargetPublisher(PubSubCells cells) => _engineOf = cells.ForTopic;

    public async Task PublishAsync(string topic, PublishMessage message, CancellationToken cancellationToken) =>
        await _engineOf(topic).PublishAsync(topic, [message], requestBytes: 0, cancellationToken).ConfigureAwait(false);
}
