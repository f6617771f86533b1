using Tidings.PubSub.Publishing;

namespace Tidings.Scheduler.Execution;

/// <summary>
/// Where a job's Pub/Sub target publishes: the Pub/Sub engine in this process (<see cref="BrokerTargetPublisher"/>),
/// or, in a cluster whose Pub/Sub engine runs on another node, that node. Thread-safe.
/// </summary>
public interface IPubSubTargetPublisher
{
    /// <summary>Publishes <paramref name="message"/> to <paramref name="topic"/> and returns once it is stored.</summary>
    /// <exception cref="Kernel.Errors.TidingsException">Refused, with Google's code: NOT_FOUND for a missing topic.</exception>
    /// <exception cref="Storage.Messages.StorageFullException">The message store is full.</exception>
    /// <exception cref="Storage.Messages.StorageFailedException">The message store failed.</exception>
    Task PublishAsync(string topic, PublishMessage message, CancellationToken cancellationToken);
}
