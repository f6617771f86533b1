using Tidings.Storage.Messages;

namespace Tidings.PubSub.Topics;

/// <summary>
/// Turns a publish time into a position in a topic's log, for seek and retention, by binary search over the log's
/// messages. Publish times rise with sequences (they are taken just before the append, so concurrent publishes may
/// be out of order by the moment between them: a boundary can be off by such messages, never by more).
/// </summary>
/// <remarks>Reads the log, which may go to disk: never call it under a subscription's lock.</remarks>
internal static class PublishTimeIndex
{
    /// <summary>
    /// The first sequence still in the log published at or after <paramref name="publishTimeMicros"/> (Unix
    /// microseconds); the log's next sequence when every message is older. Sequences the log cannot read (a gap a
    /// repair left) count as published after the time.
    /// </summary>
    public static long FirstAtOrAfter(IMessageLog log, long publishTimeMicros)
    {
        var low = log.FirstSequence;
        var high = log.NextSequence;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (!TryReadFrom(log, middle, high, out var sequence, out var message) || message.PublishTimeUnixMicros >= publishTimeMicros)
            {
                high = middle;
            }
            else
            {
                low = sequence + 1;
            }
        }
        return low;
    }

    /// <summary>
    /// The first readable message in [<paramref name="from"/>, <paramref name="end"/>); steps over a gap one sequence
    /// at a time (gaps come only from repairs) and over what was truncated meanwhile.
    /// </summary>
    private static bool TryReadFrom(IMessageLog log, long from, long end, out long sequence, out StoredMessage message)
    {
        for (sequence = Math.Max(from, log.FirstSequence); sequence < end; sequence++)
        {
            if (log.TryRead(sequence, out message))
            {
                return true;
            }
        }
        message = null!;
        return false;
    }

    /// <summary>Unix microseconds of a point in time, as publish times are stored.</summary>
    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
