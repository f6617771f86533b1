using Tidings.Storage.Messages;

namespace Tidings.Storage.Segments;

internal sealed partial class SegmentLog
{
    /// <summary>At most this many bytes of records are read with one positional read.</summary>
    internal const int MaxReadRunBytes = 256 * 1024;

    /// <summary>
    /// Serves what the cache holds from it and reads each run of consecutive sequences that it does not (the
    /// records of one segment lie back to back) with one positional read: a subscriber draining a backlog asks for
    /// its batch at once, and paid one system call per message before (bench/RESULTS.md, round 5).
    /// </summary>
    public void TryReadMany(ReadOnlySpan<long> sequences, Span<StoredMessage?> into)
    {
        if (into.Length < sequences.Length)
        {
            throw new ArgumentException("There must be a slot for every sequence.", nameof(into));
        }
        var next = 0;
        while (next < sequences.Length)
        {
            next = ReadFrom(sequences, into, next);
        }
    }

    /// <summary>
    /// From <paramref name="start"/>, fills slots under the lock until it meets a sequence the disk must give, then
    /// extends that into a run and reads the run without the lock. Returns the index after the last slot filled.
    /// </summary>
    private int ReadFrom(ReadOnlySpan<long> sequences, Span<StoredMessage?> into, int start)
    {
        Segment? segment = null;
        int runStart = -1, runCount = 0, runLength = 0;
        long runOffset = 0;
        lock (_lock)
        {
            for (var i = start; i < sequences.Length; i++)
            {
                var sequence = sequences[i];
                if (segment is null)
                {
                    if (_released || sequence < _first || sequence >= _visibleEnd)
                    {
                        into[i] = null;
                        continue;
                    }
                    if (TryReadCache(sequence, out var cached))
                    {
                        _store.CacheReads.Hit();
                        into[i] = cached;
                        continue;
                    }
                    segment = FindSegment(sequence);
                    if (segment is null)
                    {
                        into[i] = null; // in the gap a repair left
                        continue;
                    }
                    _store.CacheReads.Miss();
                    (runOffset, runLength) = segment.Locate(sequence);
                    runStart = i;
                    runCount = 1;
                    continue;
                }
                // The run goes on while the sequences are the segment's next records, visible and not cached
                // (the cache holds the newest messages, so once one is cached the rest of the run is too).
                if (sequence != sequences[i - 1] + 1 || sequence >= _visibleEnd || sequence >= segment.EndSequence
                    || InCacheRange(sequence))
                {
                    break;
                }
                var (_, length) = segment.Locate(sequence);
                if (runLength + length > MaxReadRunBytes)
                {
                    break;
                }
                _store.CacheReads.Miss();
                runLength += length;
                runCount++;
            }
            if (segment is null)
            {
                return sequences.Length;
            }
            segment.Acquire();
        }
        try
        {
            ReadRecords(segment, sequences[runStart], runOffset, runLength, into.Slice(runStart, runCount));
            return runStart + runCount;
        }
        finally
        {
            segment.Release();
        }
    }
}
