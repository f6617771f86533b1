namespace Tidings.PubSub.ExactlyOnce;

/// <summary>
/// The outcome of acks (or deadline changes) on an exactly-once subscription, per ack id as the client sent it.
/// An id is in exactly one list; <see cref="Succeeded"/> ids are on disk.
/// </summary>
public sealed class AckConfirmation
{
    public List<string> Succeeded { get; } = [];

    /// <summary>Malformed, of another subscription, or not naming the current, unexpired lease of its message.</summary>
    public List<string> Invalid { get; } = [];

    /// <summary>Applied, but saving them failed: the client should retry them.</summary>
    public List<string> TemporarilyFailed { get; } = [];

    /// <summary>Acks of keyed messages ahead of an earlier message of their key still leased: not applied, to be retried.</summary>
    public List<string> Unordered { get; } = [];

    public bool AllSucceeded => Invalid.Count == 0 && TemporarilyFailed.Count == 0 && Unordered.Count == 0;

    /// <summary>How many ids this confirms, in all its lists.</summary>
    public int Count => Succeeded.Count + Invalid.Count + TemporarilyFailed.Count + Unordered.Count;

    /// <summary>
    /// The most bytes of ids and codes one error lists. The details travel in a gRPC trailer, and clients refuse
    /// header blocks over 64 KiB (the Node client's call then hangs until its deadline; .NET's fails): with ids of
    /// ~20 bytes this still lists some 550 failed ids. Clients count ids of a failed call that are not listed as
    /// failed too (Node and Go report them as OTHER), never as acked.
    /// </summary>
    public const int MaxFailureMetadataBytes = 32 * 1024;

    /// <summary>
    /// The <c>ErrorInfo</c> metadata Google sends for the failed ids: id → failure code. Temporary failures come
    /// first, since a listed one is retried by the client; past <see cref="MaxFailureMetadataBytes"/> the rest are
    /// left out.
    /// </summary>
    public Dictionary<string, string> FailureMetadata()
    {
        var metadata = new Dictionary<string, string>(Invalid.Count + TemporarilyFailed.Count + Unordered.Count, StringComparer.Ordinal);
        var bytes = 0;
        foreach (var (ackIds, code) in new[]
        {
            (TemporarilyFailed, AckIdFailureCodes.TransientOther),
            (Unordered, AckIdFailureCodes.TransientUnordered),
            (Invalid, AckIdFailureCodes.InvalidAckId),
        })
        {
            foreach (var ackId in ackIds)
            {
                bytes += ackId.Length + code.Length + 6; // a map entry's tags and lengths
                if (bytes > MaxFailureMetadataBytes)
                {
                    return metadata;
                }
                metadata[ackId] = code;
            }
        }
        return metadata;
    }
}
