namespace Tidings.PubSub.Subscriptions;

/// <summary>Where a message with an ordering key stands on a subscription with message ordering.</summary>
internal enum KeyedSequenceState
{
    /// <summary>In its key's waiting queue, for (re)delivery when the key allows.</summary>
    Waiting,

    /// <summary>Taken from the waiting queue by a lease call that is reading it.</summary>
    Claimed,

    /// <summary>Leased to the key's consumer.</summary>
    InFlight,

    /// <summary>
    /// Acked while an earlier message of its key is still leased: done only once that one is, and delivered again
    /// if that one is redelivered (Google redelivers the later messages of a key, acknowledged ones included).
    /// </summary>
    AckedAhead,
}
