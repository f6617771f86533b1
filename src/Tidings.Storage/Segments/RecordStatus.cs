namespace Tidings.Storage.Segments;

/// <summary>What <see cref="RecordCodec.Check"/> found at a position.</summary>
internal enum RecordStatus
{
    /// <summary>A complete record whose CRC and field layout are right.</summary>
    Valid,

    /// <summary>Fewer bytes are available than the record (or its frame) needs.</summary>
    Incomplete,

    /// <summary>An implausible length, a CRC mismatch or inconsistent field lengths.</summary>
    Invalid,
}
