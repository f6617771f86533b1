using Tidings.PubSub.Consumers;

namespace Tidings.PubSub.Subscriptions;

/// <summary>An outstanding delivery of one message. Mutated only under the subscription's lock.</summary>
internal sealed class Lease(long sequence, long generation, int deliveryAttempt, long deadlineTicks, MessageConsumer consumer, int size)
{
    public long Sequence { get; } = sequence;

    /// <summary>Unique per delivery; an ack id naming an older generation is stale.</summary>
    public long Generation { get; } = generation;

    public int DeliveryAttempt { get; } = deliveryAttempt;

    public long DeadlineTicks { get; set; } = deadlineTicks;

    public MessageConsumer Consumer { get; } = consumer;

    public int Size { get; } = size;
}
