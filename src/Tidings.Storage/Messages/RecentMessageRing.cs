namespace Tidings.Storage.Messages;

/// <summary>
/// The ring of recently appended messages a log keeps for its readers (indexed by sequence modulo its power-of-two
/// length), as the segment log and the PostgreSQL log both keep it; the caller holds its own lock around each call.
/// </summary>
internal static class RecentMessageRing
{
    /// <summary>A ring of an idle log larger than this many slots is given back rather than kept empty.</summary>
    private const int IdleRingSlots = 4096;

    /// <summary>
    /// Drops the ring's messages below <paramref name="end"/> (capped at <paramref name="next"/>, the sequence after
    /// the last appended), moving <paramref name="ringStart"/> up; once nothing is left, a large ring is let go.
    /// </summary>
    public static void EvictBelow(ref StoredMessage?[] ring, ref long ringStart, long end, long next)
    {
        end = Math.Min(end, next);
        if (end <= ringStart)
        {
            return;
        }
        if (end - ringStart < ring.Length)
        {
            var mask = ring.Length - 1;
            for (var sequence = ringStart; sequence < end; sequence++)
            {
                ring[sequence & mask] = null;
            }
        }
        else
        {
            Array.Clear(ring);
        }
        ringStart = end;
        if (ringStart == next && ring.Length > IdleRingSlots)
        {
            ring = []; // an idle log gives its ring back
        }
    }

    /// <summary>
    /// Moves the ring's messages from <paramref name="ringStart"/> below <paramref name="end"/> into a new ring of at
    /// least <paramref name="needed"/> slots (a power of two, 64 at least).
    /// </summary>
    public static void Grow(ref StoredMessage?[] ring, long ringStart, long end, long needed)
    {
        var capacity = Math.Max(64, ring.Length);
        while (capacity < needed)
        {
            capacity *= 2;
        }
        var grown = new StoredMessage?[capacity];
        if (ring.Length > 0)
        {
            var mask = ring.Length - 1;
            for (var sequence = ringStart; sequence < end; sequence++)
            {
                grown[sequence & (capacity - 1)] = ring[sequence & mask];
            }
        }
        ring = grown;
    }
}
