using Tidings.PubSub.Inspection;
using Tidings.PubSub.Topics;

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
