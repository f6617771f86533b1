namespace Tidings.PubSub.ExactlyOnce;

/// <summary>
/// The per-ack-id codes of an exactly-once failure's <c>ErrorInfo</c> metadata, as Google sends them. Clients retry
/// ids whose code starts with <c>TRANSIENT_</c> and report <see cref="InvalidAckId"/> as the ack's INVALID answer.
/// </summary>
public static class AckIdFailureCodes
{
    /// <summary>The id is malformed, belongs to another subscription, or names a lease that is no longer current.</summary>
    public const string InvalidAckId = "PERMANENT_FAILURE_INVALID_ACK_ID";

    /// <summary>Saving the ack failed; the client retries the id, and the retry succeeds once the state is saved.</summary>
    public const string TransientOther = "TRANSIENT_FAILURE_OTHER";

    /// <summary>
    /// The id names a message with an ordering key acked ahead of an earlier one of its key that is still leased;
    /// the client retries it, and the retry succeeds once the earlier one is acked.
    /// </summary>
    public const string TransientUnordered = "TRANSIENT_FAILURE_UNORDERED_ACK_ID";
}
