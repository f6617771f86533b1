namespace Tidings.PubSub.Inspection;

/// <summary>Where an unacknowledged message stands in its subscription.</summary>
public enum PeekedMessageState
{
    /// <summary>Never delivered since the server started.</summary>
    Waiting,

    /// <summary>Leased to a subscriber, whose ack deadline has not passed.</summary>
    Leased,

    /// <summary>Nacked or expired, waiting for its redelivery (after the retry policy's backoff).</summary>
    Redelivery,

    /// <summary>Between two states: being read for a delivery, held back by its ordering key, or on its way to the dead-letter topic.</summary>
    Busy,
}
