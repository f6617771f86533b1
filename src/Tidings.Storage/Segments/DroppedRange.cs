namespace Tidings.Storage.Segments;

/// <summary>
/// Messages a repair dropped from a log at start-up because their records were corrupt or followed corrupt ones.
/// Their sequence numbers are never handed out again.
/// </summary>
/// <param name="FromSequence">First dropped sequence.</param>
/// <param name="ToSequence">End of the dropped range (exclusive): one past the highest sequence found in the dropped data.</param>
/// <param name="File">The file where the corruption was found.</param>
/// <param name="Offset">Byte offset of the corruption in <paramref name="File"/>.</param>
/// <param name="Files">Every file cut or deleted by the repair.</param>
public sealed record DroppedRange(long LogId, long FromSequence, long ToSequence, string File, long Offset, string Reason, IReadOnlyList<string> Files);
