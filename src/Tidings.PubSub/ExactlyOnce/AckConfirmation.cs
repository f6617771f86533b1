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

    public bool AllSucceeded => Invalid.Count == 0 && TemporarilyFailed.Count == 0;

    /// <summary>The <c>ErrorInfo</c> metadata Google sends for the failed ids: id → failure code.</summary>
    public Dictionary<string, string> FailureMetadata()
    {
        var metadata = new Dictionary<string, string>(Invalid.Count + TemporarilyFailed.Count, StringComparer.Ordinal);
        foreach (var ackId in Invalid)
        {
            metadata[ackId] = AckIdFailureCodes.InvalidAckId;
        }
        foreach (var ackId in TemporarilyFailed)
        {
            metadata[ackId] = AckIdFailureCodes.TransientOther;
        }
        return metadata;
    }
}
