namespace Tidings.Storage.Segments;

/// <summary>How indexing a segment's records ended.</summary>
internal enum ScanOutcome
{
    /// <summary>The file ends right after a valid record (or its header).</summary>
    Complete,

    /// <summary>An incomplete record, a CRC mismatch or a malformed record: torn, or corrupt.</summary>
    Damaged,

    /// <summary>A valid record with the wrong sequence: never a torn write, always corruption.</summary>
    OutOfSequence,
}
