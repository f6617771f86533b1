namespace Tidings.Storage.Segments;

/// <summary>
/// Start-up found a corrupt record that is not a torn tail (in a segment other than the last, or followed by valid
/// data), so messages that were answered may be damaged. The log is left untouched. Opening the store with
/// <see cref="SegmentLogStoreOptions.Repair"/> truncates the log at <see cref="Offset"/> instead and reports what it dropped.
/// </summary>
public sealed class SegmentCorruptionException : IOException
{
    public SegmentCorruptionException(long logId, string file, long offset, long fromSequence, long toSequence, string reason)
        : base($"Log {logId} is corrupt: {reason} in {file} at byte offset {offset}; sequences {fromSequence} to {toSequence} (exclusive) "
            + "are affected. The log was left as it is. Start with the repair option to truncate the log there, dropping those sequences.")
    {
        LogId = logId;
        File = file;
        Offset = offset;
        FromSequence = fromSequence;
        ToSequence = toSequence;
    }

    public long LogId { get; }

    public string File { get; }

    public long Offset { get; }

    /// <summary>First affected sequence.</summary>
    public long FromSequence { get; }

    /// <summary>End of the affected range (exclusive), as far as the data after the corruption shows.</summary>
    public long ToSequence { get; }
}
