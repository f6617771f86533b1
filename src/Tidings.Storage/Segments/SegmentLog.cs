using System.Buffers;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Segments;

/// <summary>
/// One topic log as a directory of segment files (FORMAT.md). Appends go to the end of the last (active)
/// segment; reads come from the cache of recent messages or, positionally, from the segment files.
/// <para>
/// Concurrency: every mutable field is guarded by <c>_lock</c>, which is held for the write of an append but
/// never for the group-commit fsync (the store's single flusher thread calls <see cref="Sync"/>). The one fsync
/// under the lock is at a segment roll, once per segment. <see cref="NextSequence"/> and <see cref="FirstSequence"/>
/// are written under the lock and read without it. Lock order: a log's lock is never held while the store's
/// create lock or the cache's lock is taken.
/// </para>
/// </summary>
internal sealed partial class SegmentLog : IMessageLog
{
    private readonly SegmentLogStore _store;
    private readonly Lock _lock = new();
    private readonly List<Segment> _segments;

    /// <summary>The sequence the next append gets: everything below is written (maybe not yet synced).</summary>
    private long _writeEnd;

    /// <summary>Everything below is readable: in <see cref="SyncMode.Always"/> only what an fsync covered.</summary>
    private long _visibleEnd;

    private long _first;

    /// <summary>Set once appends are refused for good: the log was deleted or the store disposed.</summary>
    private bool _closed;

    /// <summary>Set once the segment handles are released; reads then find nothing.</summary>
    private bool _released;

    public SegmentLog(SegmentLogStore store, long logId, string directory, List<Segment> segments)
    {
        _store = store;
        LogId = logId;
        Directory = directory;
        _segments = segments;
        _first = segments[0].FirstSequence;
        _writeEnd = segments[^1].EndSequence;
        _visibleEnd = _writeEnd;
        _syncedEnd = _writeEnd;
        _ringStart = _writeEnd;
    }

    public long LogId { get; }

    public string Directory { get; }

    public long NextSequence => Volatile.Read(ref _visibleEnd);

    public long FirstSequence => Volatile.Read(ref _first);

    /// <summary>Segments and messages held, for the store's start-up summary and tests.</summary>
    internal (int Segments, long Messages) Counts
    {
        get
        {
            lock (_lock)
            {
                long messages = 0;
                foreach (var segment in _segments)
                {
                    messages += segment.Count;
                }
                return (_segments.Count, messages);
            }
        }
    }

    /// <summary>Paths of the segment files, oldest first (tests).</summary>
    internal string[] SegmentPaths
    {
        get
        {
            lock (_lock)
            {
                var paths = new string[_segments.Count];
                for (var i = 0; i < paths.Length; i++)
                {
                    paths[i] = _segments[i].Path;
                }
                return paths;
            }
        }
    }

    public bool TryRead(long sequence, out StoredMessage message)
    {
        StoredMessage? read = null;
        TryReadMany(new ReadOnlySpan<long>(in sequence), new Span<StoredMessage?>(ref read));
        message = read!;
        return read is not null;
    }

    public void TruncateBefore(long sequence)
    {
        List<Segment>? retired = null;
        lock (_lock)
        {
            sequence = Math.Min(sequence, _visibleEnd);
            if (_released || sequence <= _first)
            {
                return;
            }
            Volatile.Write(ref _first, sequence);
            EvictCacheBelowLocked(sequence);
            // Whole segments only, and never the active one.
            while (_segments.Count > 1 && _segments[1].FirstSequence <= sequence)
            {
                (retired ??= []).Add(_segments[0]);
                _segments.RemoveAt(0);
            }
        }
        if (retired is not null)
        {
            foreach (var segment in retired)
            {
                segment.Retire(deleteFile: true);
            }
        }
    }

    /// <summary>Refuses appends from now on; appends already written still complete at the next sync.</summary>
    internal void StopAppends()
    {
        lock (_lock)
        {
            _closed = true;
        }
    }

    /// <summary>
    /// Releases the segment handles (the files stay) and fails appends still waiting for a sync: the log was
    /// deleted, or the store is disposed after its final sync.
    /// </summary>
    internal void Release(Exception reason)
    {
        TaskCompletionSource? waiting;
        lock (_lock)
        {
            if (_released)
            {
                return;
            }
            _closed = true;
            _released = true;
            waiting = _pendingSync;
            _pendingSync = null;
            ClearCacheLocked();
            foreach (var segment in _segments)
            {
                segment.Retire(deleteFile: false);
            }
            _segments.Clear();
        }
        waiting?.TrySetException(reason);
    }

    /// <summary>The segment holding <paramref name="sequence"/>, or null in a gap. Lock must be held.</summary>
    private Segment? FindSegment(long sequence)
    {
        int low = 0, high = _segments.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_segments[middle].FirstSequence <= sequence)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        var segment = _segments[low];
        return sequence >= segment.FirstSequence && sequence < segment.EndSequence ? segment : null;
    }

    /// <summary>
    /// Reads <paramref name="into"/>'s length of consecutive records, the first of <paramref name="first"/> at
    /// <paramref name="offset"/>, <paramref name="length"/> bytes in all, with one positional read, and decodes
    /// them; runs without the lock, holding a segment reference. A record that is not intact is an error.
    /// </summary>
    private void ReadRecords(Segment segment, long first, long offset, int length, Span<StoredMessage?> into)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var bytes = buffer.AsSpan(0, length);
            var read = 0;
            while (read < length)
            {
                var n = _store.Files.Read(segment.Handle, bytes[read..], offset + read);
                if (n == 0)
                {
                    throw new StorageFailedException($"Log {LogId}: {segment.Path} ends inside the records from sequence {first} at offset {offset}.");
                }
                read += n;
            }
            var position = 0;
            for (var i = 0; i < into.Length; i++)
            {
                var sequence = first + i;
                var records = bytes[position..];
                if (RecordCodec.Check(records, out var recordLength, out var stored) != RecordStatus.Valid || stored != sequence)
                {
                    throw new StorageFailedException(
                        $"Log {LogId}: the record of sequence {sequence} at offset {offset + position} of {segment.Path} is corrupt (CRC mismatch or wrong sequence).");
                }
                into[i] = RecordCodec.Decode(records[..recordLength], out _);
                position += recordLength;
            }
        }
        catch (IOException ex) when (ex is not StorageFailedException)
        {
            throw new StorageFailedException($"Log {LogId}: reading from sequence {first} at offset {offset} of {segment.Path} failed.", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
