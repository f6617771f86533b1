namespace Tidings.Delivery;

/// <summary>How a delivery attempt ended. Whether a status code counts as success is the caller's decision.</summary>
public enum DeliveryOutcome
{
    /// <summary>The endpoint answered with an HTTP status, whatever it was.</summary>
    Responded,

    /// <summary>No complete answer within <see cref="HttpDeliveryRequest.Timeout"/>.</summary>
    TimedOut,

    /// <summary>No answer: DNS, connection, TLS or protocol failure, or the connection dropped.</summary>
    ConnectionFailed,

    /// <summary>The <see cref="EndpointAllowList"/> refused the endpoint; nothing was sent.</summary>
    NotAllowed,
}
