using Tidings.PubSub.Inspection;
using Tidings.PubSub.Topics;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>
    /// Up to <paramref name="maxMessages"/> messages not yet acknowledged, oldest first, read without leasing,
    /// acknowledging or counting a delivery attempt: the console's message browser. Messages the subscription's
    /// filter or retention will drop are left out, so a page may hold fewer than asked for.
    /// </summary>
    /// <remarks>Picks sequences under the lock, then reads them without it, as leasing does (a read may go to disk).</remarks>
    public IReadOnlyList<PeekedMessage> Peek(int maxMessages)
    {
        var picked = new List<(long Sequence, PeekedMessageState State, int Attempts)>(maxMessages);
        var log = Topic.Log;
        lock (_lock)
        {
            if (IsDetached)
            {
                return [];
            }
            var end = log.NextSequence;
            for (var sequence = _floor; sequence < end && picked.Count < maxMessages; sequence++)
            {
                if (_acked.Contains(sequence))
                {
                    continue;
                }
                picked.Add(StateOf(sequence));
            }
        }
        var oldestKept = PublishTimeCutoffMicros();
        var peeked = new List<PeekedMessage>(picked.Count);
        foreach (var (sequence, state, attempts) in picked)
        {
            if (log.TryRead(sequence, out var message) && message.PublishTimeUnixMicros >= oldestKept && !IsFilteredOut(message))
            {
                peeked.Add(new PeekedMessage(MessageIds.Format(log.LogId, sequence), message, state, attempts));
            }
        }
        return peeked;
    }

    /// <summary>
    /// The publish time of the oldest message not yet acknowledged, or null when there is none. Reads one message
    /// from the log (the one at the ack floor, which is never done, so never truncated).
    /// </summary>
    public DateTimeOffset? OldestUnackedPublishTime()
    {
        var log = Topic.Log;
        var floor = AckFloor;
        if (IsDetached || floor >= log.NextSequence || !log.TryRead(floor, out StoredMessage message))
        {
            return null;
        }
        return DateTimeOffset.UnixEpoch.AddTicks(message.PublishTimeUnixMicros * 10);
    }

    /// <summary>The state of a sequence at or above the floor that is not acked. Lock must be held.</summary>
    private (long, PeekedMessageState, int) StateOf(long sequence)
    {
        if (_leases.TryGetValue(sequence, out var lease))
        {
            return (sequence, PeekedMessageState.Leased, lease.DeliveryAttempt);
        }
        if (_pending.TryGetValue(sequence, out var attempts))
        {
            return (sequence, PeekedMessageState.Redelivery, attempts);
        }
        if (sequence >= _cursor)
        {
            return (sequence, PeekedMessageState.Waiting, _restoredFailures.GetValueOrDefault(sequence));
        }
        var busyAttempts = _claims.GetValueOrDefault(sequence, _deadLetters.GetValueOrDefault(sequence));
        return (sequence, PeekedMessageState.Busy, busyAttempts);
    }
}
