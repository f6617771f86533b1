namespace Tidings.Storage.Segments;

/// <summary>Bits of the segment header's flags field.</summary>
[Flags]
internal enum SegmentFlags : ushort
{
    None = 0,

    /// <summary>
    /// Written by a repair: the previous segment may end before this one's first sequence. The sequences between
    /// were dropped and are never handed out again.
    /// </summary>
    GapBefore = 1,
}
