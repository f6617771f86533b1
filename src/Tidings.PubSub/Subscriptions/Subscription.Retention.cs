namespace Tidings.PubSub.Subscriptions;

public sealed partial class Subscription
{
    /// <summary>
    /// The log's next sequence when the subscription was created: Google restores nothing from before "the
    /// subscription creation time" unless the topic's retention keeps it. 0 when unknown (a record written before
    /// it was stored), which bounds nothing.
    /// </summary>
    public long StartSequence { get; internal init; }

    /// <summary>
    /// Marks done every message below <paramref name="sequence"/> (the first within the subscription's
    /// <c>message_retention_duration</c>) that nothing has in hand: Google drops unacked messages older than the
    /// retention. Messages leased, being read, being dead-lettered or held by an ordering key stop the floor there;
    /// their lease or delivery settles them (delivery skips messages past retention). Returns whether the floor moved;
    /// the caller then lets the topic truncate, after the lock is released.
    /// </summary>
    internal bool ExpireBefore(long sequence)
    {
        lock (_lock)
        {
            var limit = LowestInHand(sequence);
            if (limit <= _floor)
            {
                return false;
            }
            RemoveBelow(_pending, limit);
            RemoveBelow(_restoredFailures, limit);
            _acked.RemoveWhere(acked => acked < limit);
            _floor = limit;
            while (_acked.Remove(_floor))
            {
                _floor++;
            }
            _cursor = Math.Max(_cursor, _floor);
            NoteAckStateChanged();
            return true;
        }
    }

    /// <summary>The lowest sequence below <paramref name="limit"/> that a lease, claim, dead letter or ordering key holds; else the limit. Lock must be held.</summary>
    private long LowestInHand(long limit)
    {
        foreach (var sequence in _leases.Keys)
        {
            limit = Math.Min(limit, sequence);
        }
        foreach (var sequence in _claims.Keys)
        {
            limit = Math.Min(limit, sequence);
        }
        foreach (var sequence in _deadLetters.Keys)
        {
            limit = Math.Min(limit, sequence);
        }
        return _ordering is null ? limit : Math.Min(limit, _ordering.LowestSequence(limit));
    }

    /// <summary>Removing while enumerating is allowed for <see cref="Dictionary{TKey, TValue}"/> since .NET Core 3.0.</summary>
    private static void RemoveBelow(Dictionary<long, int> entries, long limit)
    {
        foreach (var sequence in entries.Keys)
        {
            if (sequence < limit)
            {
                entries.Remove(sequence);
            }
        }
    }
}
