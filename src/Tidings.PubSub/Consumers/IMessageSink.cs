namespace Tidings.PubSub.Consumers;

/// <summary>
/// Where a <see cref="ConsumerLoop"/> hands the messages it leases: a unary Pull's response, a StreamingPull
/// stream, a push dispatcher. Called from the loop only, one call at a time.
/// </summary>
public interface IMessageSink
{
    /// <summary>
    /// How many messages the next batch may hold (at least 1), waiting first while the sink can take none: a push
    /// dispatcher waits out its backoff and for a free slot in its window. Messages stay in the backlog meanwhile.
    /// </summary>
    ValueTask<int> WaitForCapacityAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes a batch leased to the loop's consumer. The list is reused once this returns, so keep the messages,
    /// not the list. Returns false to end the loop.
    /// </summary>
    ValueTask<bool> DeliverAsync(IReadOnlyList<LeasedMessage> batch, CancellationToken cancellationToken);
}
