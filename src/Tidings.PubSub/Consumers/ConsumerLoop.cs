using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.Consumers;

/// <summary>
/// The one delivery loop every receiver of a subscription runs — unary Pull, StreamingPull and push alike: lease
/// within the consumer's flow-control window, hand the batch to a sink, and while nothing can be leased wait on the
/// consumer's wake-up signal (a publish, a nack, an expired lease, an ack that opens the window) until the loop's
/// time is up. Registered with the subscription from construction to <see cref="Dispose"/>; leases outlive it.
/// One <see cref="RunAsync"/> at a time.
/// </summary>
public sealed class ConsumerLoop : IDisposable
{
    /// <summary>An idle wait ends at least this often, so a lost wake-up delays delivery by no more than this.</summary>
    public static readonly TimeSpan MaxIdleWait = TimeSpan.FromMinutes(1);

    private readonly PubSubBroker _broker;
    private readonly List<LeasedMessage> _batch = [];

    internal ConsumerLoop(PubSubBroker broker, Subscription subscription, MessageConsumer consumer)
    {
        _broker = broker;
        Subscription = subscription;
        Consumer = consumer;
    }

    public Subscription Subscription { get; }

    /// <summary>The flow-control window and ack deadline the loop leases with; the receiver may change the deadline.</summary>
    public MessageConsumer Consumer { get; }

    /// <summary>
    /// Delivers until the sink stops, the subscription goes, the engine stops delivering, or <paramref name="until"/> has passed at a moment
    /// when nothing was available (a backlog keeps flowing past it). Storage failures while leasing propagate:
    /// the caller decides whether they end a call or are retried.
    /// </summary>
    public async Task<ConsumerLoopExit> RunAsync(IMessageSink sink, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var time = _broker.Time;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var capacity = await sink.WaitForCapacityAsync(cancellationToken).ConfigureAwait(false);
            if (_broker.IsStopping)
            {
                return ConsumerLoopExit.EngineStopping;
            }
            if (!_broker.IsCurrent(Subscription))
            {
                return ConsumerLoopExit.SubscriptionGone;
            }
            _batch.Clear();
            if (capacity > 0 && Subscription.Lease(Consumer, capacity, PubSubBroker.MaxBytesPerResponse, _batch) > 0)
            {
                using var span = Monitoring.PubSubTracing.StartDeliver(Subscription, _batch);
                if (!await sink.DeliverAsync(_batch, cancellationToken).ConfigureAwait(false))
                {
                    return ConsumerLoopExit.SinkStopped;
                }
                continue;
            }
            var left = until - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return ConsumerLoopExit.TimeUp;
            }
            await Consumer.WaitAsync(left < MaxIdleWait ? left : MaxIdleWait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => Subscription.RemoveConsumer(Consumer);
}
