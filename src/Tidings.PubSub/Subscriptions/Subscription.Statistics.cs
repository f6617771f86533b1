using Tidings.PubSub.Monitoring;

namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>How many sequences past the floor the age lookup tries when the floor's message is unreadable (a repair's gap).</summary>
    private const int OldestUnackedProbeLimit = 64;

    /// <summary>Delivery counts since the server started, for metrics and the console.</summary>
    internal SubscriptionCounters Counters { get; } = new();

    /// <summary>
    /// The publish time (Unix microseconds) of the oldest message not yet acknowledged, or null with no backlog.
    /// Reads the log (never under the lock), at most once per position of the ack floor.
    /// </summary>
    internal long? OldestUnackedPublishTimeMicros()
    {
        var floor = AckFloor;
        var log = Topic.Log;
        if (IsDetached || floor >= log.NextSequence)
        {
            return null;
        }
        if (Counters.TryGetOldestUnacked(floor, out var cached))
        {
            return cached;
        }
        var end = Math.Min(log.NextSequence, floor + OldestUnackedProbeLimit);
        for (var sequence = Math.Max(floor, log.FirstSequence); sequence < end; sequence++)
        {
            if (log.TryRead(sequence, out var message))
            {
                Counters.SetOldestUnacked(floor, message.PublishTimeUnixMicros);
                return message.PublishTimeUnixMicros;
            }
        }
        return null;
    }
}
