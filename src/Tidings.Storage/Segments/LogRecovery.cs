namespace Tidings.Storage.Segments;

/// <summary>
/// Rebuilds one log from its directory at start-up: checks every segment header, every record's CRC and the
/// continuity of sequences, builds the index, cuts a torn tail off the last segment, and either refuses a
/// corruption (<see cref="SegmentCorruptionException"/>) or, with the repair option, truncates the log there.
/// Rules in FORMAT.md, "Recovery". Runs single-threaded before the store is used.
/// </summary>
internal sealed class LogRecovery
{
    private readonly SegmentLogStore _store;
    private readonly ISegmentFileOps _files;
    private readonly long _logId;
    private readonly string _directory;
    private readonly RecoveryReport _report;
    private readonly List<Segment> _segments = [];
    private readonly byte[] _headerBytes = new byte[SegmentHeader.Size];
    private List<(string Path, long FirstSequence)> _paths = [];

    private LogRecovery(SegmentLogStore store, long logId, string directory, RecoveryReport report)
    {
        _store = store;
        _files = store.Files;
        _logId = logId;
        _directory = directory;
        _report = report;
    }

    /// <summary>The recovered log, or null when the directory holds no segment (a creation cut short by a crash).</summary>
    public static SegmentLog? Recover(SegmentLogStore store, long logId, string directory, RecoveryReport report)
    {
        var recovery = new LogRecovery(store, logId, directory, report);
        try
        {
            return recovery.Run();
        }
        catch
        {
            foreach (var segment in recovery._segments)
            {
                segment.Retire(deleteFile: false);
            }
            throw;
        }
    }

    private SegmentLog? Run()
    {
        _paths = ListSegmentFiles();
        if (_paths.Count == 0)
        {
            return null;
        }
        long expected = -1;
        for (var i = 0; i < _paths.Count; i++)
        {
            var (path, firstSequence) = _paths[i];
            var isLast = i == _paths.Count - 1;
            var from = expected < 0 ? firstSequence : expected;
            var segment = new Segment(path, _files.Open(path, FileMode.Open), firstSequence, _store.Logger);
            var fileLength = _files.GetLength(segment.Handle);

            var headerRead = SegmentScanner.Fill(_files, segment.Handle, _headerBytes, 0, fileLength);
            if (!SegmentHeader.TryRead(_headerBytes.AsSpan(0, headerRead), out var header, out var problem))
            {
                // A roll creates and syncs a segment before writing to it, so a bad header with no record after it
                // in the last segment is a creation cut short: nothing in it was ever answered.
                if (!isLast || from != firstSequence
                    || SegmentScanner.HighestValidSequence(_files, segment.Handle, 0, fileLength, firstSequence) >= 0)
                {
                    return Corrupt(i, segment, fileLength, 0, from, $"invalid segment header ({problem})", keepSegment: false);
                }
                header = RewriteTornHeader(segment, fileLength, problem);
                fileLength = SegmentHeader.Size;
            }
            if (header.LogId != _logId || header.FirstSequence != firstSequence)
            {
                return Corrupt(i, segment, fileLength, 0, from,
                    $"the header names log {header.LogId} from sequence {header.FirstSequence}", keepSegment: false);
            }
            if (expected >= 0 && firstSequence < expected)
            {
                return Corrupt(i, segment, fileLength, 0, from,
                    $"the segment starts at sequence {firstSequence}, inside the previous segment", keepSegment: false);
            }
            if (expected >= 0 && firstSequence > expected && !header.Flags.HasFlag(SegmentFlags.GapBefore))
            {
                AcceptGap(segment, header, expected);
            }

            var outcome = SegmentScanner.IndexRecords(_files, segment, fileLength, out var reason);
            if (outcome != ScanOutcome.Complete)
            {
                var at = segment.Length;
                if (outcome == ScanOutcome.OutOfSequence || !isLast
                    || SegmentScanner.HighestValidSequence(_files, segment.Handle, at + 1, fileLength, segment.EndSequence) >= 0)
                {
                    return Corrupt(i, segment, fileLength, at, segment.EndSequence, reason, keepSegment: true);
                }
                CutTornTail(segment, fileLength, reason);
            }
            if (!isLast)
            {
                segment.TrimIndex();
            }
            _segments.Add(segment);
            expected = segment.EndSequence;
        }
        return new SegmentLog(_store, _logId, _directory, _segments);
    }

    private List<(string Path, long FirstSequence)> ListSegmentFiles()
    {
        var paths = new List<(string Path, long FirstSequence)>();
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (SegmentFiles.TryParseSegment(Path.GetFileName(path), out var firstSequence))
            {
                paths.Add((path, firstSequence));
            }
        }
        paths.Sort((a, b) => a.FirstSequence.CompareTo(b.FirstSequence));
        return paths;
    }

    private SegmentHeader RewriteTornHeader(Segment segment, long fileLength, string problem)
    {
        var header = new SegmentHeader(_logId, segment.FirstSequence, SegmentFlags.None);
        header.Write(_headerBytes);
        _files.Write(segment.Handle, _headerBytes, 0);
        _files.SetLength(segment.Handle, SegmentHeader.Size);
        _files.Flush(segment.Handle);
        var tail = new TornTail(_logId, segment.Path, 0, Math.Max(0, fileLength - SegmentHeader.Size), $"torn segment header ({problem}), rewritten");
        _report.Add(tail);
        SegmentLogStoreLog.TornTailCut(_store.Logger, _logId, segment.Path, 0, tail.BytesCut, tail.Reason);
        return header;
    }

    private void CutTornTail(Segment segment, long fileLength, string reason)
    {
        _files.SetLength(segment.Handle, segment.Length);
        _files.Flush(segment.Handle);
        var tail = new TornTail(_logId, segment.Path, segment.Length, fileLength - segment.Length, reason);
        _report.Add(tail);
        SegmentLogStoreLog.TornTailCut(_store.Logger, _logId, segment.Path, tail.Offset, tail.BytesCut, reason);
    }

    /// <summary>Sequences are missing between two segments that no repair marked: a segment file is gone.</summary>
    private void AcceptGap(Segment segment, SegmentHeader header, long expected)
    {
        const string Reason = "sequences missing before this segment (a segment file is missing)";
        if (!_store.Options.Repair)
        {
            segment.Retire(deleteFile: false);
            throw new SegmentCorruptionException(_logId, segment.Path, 0, expected, segment.FirstSequence, Reason);
        }
        (header with { Flags = header.Flags | SegmentFlags.GapBefore }).Write(_headerBytes);
        _files.Write(segment.Handle, _headerBytes, 0);
        _files.Flush(segment.Handle);
        Report(new DroppedRange(_logId, expected, segment.FirstSequence, segment.Path, 0, Reason, [segment.Path]));
    }

    /// <summary>
    /// A corruption at <paramref name="offset"/> of segment <paramref name="index"/>: refused, or with the repair option
    /// the log is cut there (the segment's rest and every later segment dropped) and continues after the highest
    /// sequence the dropped data held, so no sequence is handed out twice.
    /// </summary>
    private SegmentLog Corrupt(int index, Segment segment, long fileLength, long offset, long from, string reason, bool keepSegment)
    {
        var to = KnownEnd(index, segment, fileLength, offset, from);
        if (!_store.Options.Repair)
        {
            segment.Retire(deleteFile: false);
            throw new SegmentCorruptionException(_logId, segment.Path, offset, from, to, reason);
        }

        var touched = new List<string> { segment.Path };
        if (keepSegment)
        {
            _files.SetLength(segment.Handle, offset);
            _files.Flush(segment.Handle);
            _segments.Add(segment);
        }
        else
        {
            segment.Retire(deleteFile: true);
        }
        for (var later = index + 1; later < _paths.Count; later++)
        {
            File.Delete(_paths[later].Path);
            touched.Add(_paths[later].Path);
        }
        if (_segments.Count == 0 || to > _segments[^1].EndSequence)
        {
            var flags = _segments.Count == 0 ? SegmentFlags.None : SegmentFlags.GapBefore;
            _segments.Add(SegmentLog.CreateSegment(_store, _logId, _directory, to, flags));
        }
        _files.FlushDirectory(_directory);
        Report(new DroppedRange(_logId, from, to, segment.Path, offset, reason, touched));
        return new SegmentLog(_store, _logId, _directory, _segments);
    }

    /// <summary>One past the highest sequence found in the damaged data and after it (at least <paramref name="from"/>).</summary>
    private long KnownEnd(int index, Segment segment, long fileLength, long offset, long from)
    {
        var highest = Math.Max(from - 1, SegmentScanner.HighestValidSequence(_files, segment.Handle, offset + 1, fileLength, from));
        for (var later = index + 1; later < _paths.Count; later++)
        {
            var (path, firstSequence) = _paths[later];
            highest = Math.Max(highest, firstSequence - 1);
            using var handle = _files.Open(path, FileMode.Open);
            highest = Math.Max(highest, SegmentScanner.HighestValidSequence(_files, handle, 0, _files.GetLength(handle), from));
        }
        return highest + 1;
    }

    private void Report(DroppedRange range)
    {
        _report.Add(range);
        SegmentLogStoreLog.Repaired(_store.Logger, range.LogId, range.FromSequence, range.ToSequence, range.File, range.Offset,
            range.Reason, string.Join(", ", range.Files));
    }
}
