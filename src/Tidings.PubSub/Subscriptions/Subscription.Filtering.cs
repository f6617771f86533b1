using Tidings.PubSub.Filters;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// Filtering: a message the subscription's filter rejects is never delivered and counts as acked (done), so it
/// advances the ack floor, lets the log be truncated and is not in the backlog. It is settled at the first of two
/// points: right after its publish, if the subscription's cursor is at it (a subscription that keeps up, the usual
/// case: its consumers are then not even woken); otherwise when a lease call reads it (<see cref="Commit"/>), as
/// after a restart or behind a backlog. Both are needed: the first keeps idle subscriptions from holding the log
/// back, the second settles whatever the first could not without reading the log under the lock.
/// </summary>
public sealed partial class Subscription
{
    /// <summary>The compiled <see cref="Resources.SubscriptionSettings.Filter"/>, null without one. Filters are immutable, so it is compiled once.</summary>
    internal MessageFilter? Filter { get; }

    /// <summary>Whether the filter rejects the message.</summary>
    private bool IsFilteredOut(StoredMessage message) => Filter is { } filter && !filter.Matches(message.Attributes);

    /// <summary>
    /// Called after <paramref name="messages"/> were appended from sequence <paramref name="first"/> on, never under
    /// the lock. Settles the rejected messages the cursor has reached (see the type's remarks), then wakes the
    /// consumers unless every message of the append was settled.
    /// </summary>
    internal void OnAppended(long first, IReadOnlyList<StoredMessage> messages)
    {
        if (Filter is null)
        {
            NotifyMessagesAvailable();
            return;
        }
        // Evaluated outside the lock: how many leading messages the filter rejects.
        var rejected = 0;
        while (rejected < messages.Count && IsFilteredOut(messages[rejected]))
        {
            rejected++;
        }
        var settled = 0L;
        var floorMoved = false;
        if (rejected > 0)
        {
            lock (_lock)
            {
                while (!IsDetached && _cursor >= first && _cursor < first + rejected)
                {
                    floorMoved |= MarkDone(_cursor++);
                    settled++;
                }
            }
        }
        if (floorMoved)
        {
            Topic.OnAckFloorAdvanced(AckFloor); // outside the lock: truncating may delete segment files
        }
        if (settled < messages.Count)
        {
            NotifyMessagesAvailable();
        }
    }
}
