namespace Tidings.Storage.Segments;

/// <summary>
/// An incomplete or damaged end of a log's last segment, with nothing valid after it, cut off at start-up: the
/// remains of a write that no fsync covered, so of no answered append.
/// </summary>
/// <param name="Offset">Byte offset in <paramref name="File"/> where the file was cut.</param>
/// <param name="BytesCut">How many bytes were removed.</param>
public sealed record TornTail(long LogId, string File, long Offset, long BytesCut, string Reason);
