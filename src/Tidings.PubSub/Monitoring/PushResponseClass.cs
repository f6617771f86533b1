namespace Tidings.PubSub.Monitoring;

/// <summary>
/// How a push request ended, by the classes of the <c>response_class</c> label of Google's
/// <c>pubsub.googleapis.com/subscription/push_request_count</c>.
/// </summary>
public enum PushResponseClass
{
    /// <summary>The endpoint acknowledged (102, 200, 201, 202 or 204).</summary>
    Ack,

    /// <summary>No answer within the ack deadline.</summary>
    DeadlineExceeded,

    /// <summary>Tidings failed to send the request.</summary>
    Internal,

    /// <summary>An answer that is neither an acknowledgement nor a 4xx or 5xx (e.g. a redirect).</summary>
    Invalid,

    /// <summary>A 4xx answer.</summary>
    RemoteServer4xx,

    /// <summary>A 5xx answer.</summary>
    RemoteServer5xx,

    /// <summary>No connection (refused, DNS, TLS), or an endpoint the allow-list refuses.</summary>
    Unreachable,
}
