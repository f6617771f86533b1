using Tidings.PubSub.Consumers;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Subscriptions;

/// <summary>The running totals of one <see cref="Subscription.Lease"/> call. Changed only under the subscription's lock.</summary>
internal sealed class LeaseBatch(MessageConsumer consumer, long maxBytes)
{
    public MessageConsumer Consumer { get; } = consumer;

    /// <summary>The most messages this call leases (the consumer's window and its fair share).</summary>
    public int Budget { get; set; }

    public int Added { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>A message was not admitted: nothing after it is leased by this call.</summary>
    public bool Stopped { get; set; }

    /// <summary>Claims went back for redelivery, so other waiters must hear of them.</summary>
    public bool Returned { get; set; }

    /// <summary>The ack floor moved, so the topic may truncate (after the lock is released).</summary>
    public bool FloorMoved { get; set; }

    /// <summary>
    /// The batch stays under the response size (its first message always fits), the consumer's message window
    /// has room, and its byte window admits the message; the windows already count the batch's earlier messages,
    /// leased as they were added.
    /// </summary>
    public bool Admits(StoredMessage message) =>
        (Added == 0 || Bytes + message.Size <= maxBytes)
        && Consumer.RemainingMessages(1) > 0
        && Consumer.AdmitsBytes(message.Size);

    public void Add(StoredMessage message)
    {
        Added++;
        Bytes += message.Size;
    }

    /// <summary>
    /// How many to claim next: as many as the byte room left takes at the average size so far; twice the last
    /// round while nothing was leased yet (the claims were gone or expired).
    /// </summary>
    public int NextRound(int lastRound)
    {
        var left = Budget - Added;
        if (left <= 0)
        {
            return 0;
        }
        if (Added == 0)
        {
            return (int)Math.Min(2L * lastRound, left);
        }
        var room = maxBytes - Bytes;
        if (Consumer.MaxOutstandingBytes > 0)
        {
            room = Math.Min(room, Consumer.MaxOutstandingBytes - Consumer.OutstandingBytes);
        }
        var average = Math.Max(1, Bytes / Added);
        return (int)Math.Clamp(room / average, 1, left);
    }
}
