using Tidings.Delivery;

namespace Tidings.PubSub;

/// <summary>Behaviour switches of the Pub/Sub engine.</summary>
public sealed class PubSubOptions
{
    /// <summary>Enforce Google's message and request limits (sizes, attribute counts). Default true.</summary>
    public bool EnforceLimits { get; set; } = true;

    /// <summary>How long a unary Pull without return_immediately waits for a message. Default 10 s.</summary>
    public TimeSpan PullWaitTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this long a StreamingPull stream is closed with UNAVAILABLE so the client reopens it, as Google
    /// recycles streams. Default 30 minutes.
    /// </summary>
    public TimeSpan StreamMaxLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often changed ack state is written to the state store: at most this long after the first change since
    /// the last write (nothing wakes while nothing changes). Acks made within the last interval before a crash may
    /// be lost, and those messages delivered again. Default 100 ms.
    /// </summary>
    public TimeSpan AckCheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often subscriptions are checked against their expiration policy: one inactive for its ttl is deleted at
    /// the first sweep after the ttl has passed, and a connected subscriber counts as activity at every sweep. Also
    /// how often the running clock the ttl is measured on is saved. Default 1 minute.
    /// </summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Hosts push endpoints may name; by default every host is allowed.</summary>
    public EndpointAllowList PushEndpointAllowList { get; set; } = EndpointAllowList.AllowAll;
}
