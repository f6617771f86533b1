using Tidings.PubSub.Consumers;

namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// One ordering key of a subscription with message ordering, while it has messages the subscription knows of and
/// has not finished: in flight on its consumer, being read by a lease call, or waiting. Changed only under the
/// subscription's lock, through <see cref="OrderingKeys"/>.
/// <para>
/// Invariant: every sequence in <see cref="InFlight"/> is below every one waiting. A key is delivered in sequence
/// order, and sending a message back for redelivery sends every later one in flight back with it.
/// </para>
/// </summary>
internal sealed class OrderingKey(string name)
{
    public string Name { get; } = name;

    /// <summary>
    /// The consumer the key is bound to while messages are in flight; null when none is, or when the stream it was
    /// bound to went away (the key's next messages may then go to any stream).
    /// </summary>
    public MessageConsumer? Owner { get; set; }

    /// <summary>Delivered and not done, ascending: leased, or acked while an earlier one is still leased.</summary>
    public SequenceRun InFlight { get; } = new();

    /// <summary>
    /// Messages waiting for (re)delivery with the delivery attempts they had, lowest sequence first. An entry whose
    /// sequence <see cref="OrderingKeys"/> no longer records as waiting here is stale and skipped.
    /// </summary>
    public PriorityQueue<(long Sequence, int Attempts), long> Waiting { get; } = new();

    /// <summary>The entries of <see cref="Waiting"/> that are not stale.</summary>
    public int WaitingCount { get; set; }

    /// <summary>Sequences taken from <see cref="Waiting"/> by a lease call that is reading them.</summary>
    public int Claimed { get; set; }

    /// <summary>The ready queue the key was last put in; an entry for it in any other queue is stale.</summary>
    public Queue<OrderingKey>? QueuedIn { get; set; }

    /// <summary>
    /// UTC ticks before which the key's waiting messages are not handed out: the retry policy's backoff after its
    /// first message failed. 0 when it need not wait.
    /// </summary>
    public long NotBeforeTicks { get; set; }

    /// <summary>Set once the key had nothing left and was dropped; a later message of the same name gets a new one.</summary>
    public bool Removed { get; set; }

    public bool IsIdle => InFlight.Count == 0 && WaitingCount == 0 && Claimed == 0;
}
