namespace Tidings.PubSub.ExactlyOnce;

/// <summary>What an ack id did on an exactly-once subscription, before the result is saved.</summary>
internal enum ExactlyOnceAck
{
    /// <summary>Applied; confirmed once saved.</summary>
    Applied,

    /// <summary>Malformed, of another subscription, or not naming the current, unexpired lease of its message.</summary>
    Invalid,

    /// <summary>
    /// A message with an ordering key acked while an earlier message of its key is still leased: nothing changed,
    /// and the client retries the ack (Google's <c>TRANSIENT_FAILURE_UNORDERED_ACK_ID</c>).
    /// </summary>
    Unordered,
}
