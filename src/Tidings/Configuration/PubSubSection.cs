using Tidings.Delivery;
using Tidings.PubSub;

namespace Tidings.Configuration;

/// <summary>
/// Settings of the Pub/Sub service, the <c>Tidings:PubSub</c> section (<see cref="TidingsOptions.PubSub"/>), from the
/// same three sources as every setting. Durations are whole numbers with their unit in the name, so a bare number
/// never means something unexpected. Turned into the engine's <see cref="PubSubOptions"/> by <see cref="ToEngineOptions"/>.
/// </summary>
internal sealed class PubSubSection
{
    /// <summary>The section's name under <see cref="TidingsOptions.SectionName"/>.</summary>
    public const string SectionName = "PubSub";

    /// <summary>
    /// How long a unary Pull without <c>return_immediately</c> waits for a message, in milliseconds; 0 answers at
    /// once. Default 10000. Option <c>--pubsub-pull-wait-ms</c>, environment variable <c>TIDINGS_PUBSUB_PULL_WAIT_MS</c>.
    /// </summary>
    public int PullWaitMs { get; set; } = (int)new PubSubOptions().PullWaitTime.TotalMilliseconds;

    /// <summary>
    /// After this many seconds an idle StreamingPull stream is closed with UNAVAILABLE and the client reopens it, as
    /// Google recycles streams. Default 1800. Option <c>--pubsub-stream-lifetime-seconds</c>, environment variable
    /// <c>TIDINGS_PUBSUB_STREAM_LIFETIME_SECONDS</c>.
    /// </summary>
    public int StreamLifetimeSeconds { get; set; } = (int)new PubSubOptions().StreamMaxLifetime.TotalSeconds;

    /// <summary>
    /// How often acks are written to the state store, in milliseconds: after a crash, acks of the last interval may
    /// be forgotten and those messages delivered again. Default 100. Option <c>--pubsub-ack-checkpoint-interval-ms</c>,
    /// environment variable <c>TIDINGS_PUBSUB_ACK_CHECKPOINT_INTERVAL_MS</c>.
    /// </summary>
    public int AckCheckpointIntervalMs { get; set; } = (int)new PubSubOptions().AckCheckpointInterval.TotalMilliseconds;

    /// <summary>
    /// How often subscriptions are checked against their expiration policy, in seconds: one inactive for its ttl is
    /// deleted at the first sweep after the ttl has passed. Default 60. Option
    /// <c>--pubsub-expiry-sweep-interval-seconds</c>, environment variable <c>TIDINGS_PUBSUB_EXPIRY_SWEEP_INTERVAL_SECONDS</c>.
    /// </summary>
    public int ExpirySweepIntervalSeconds { get; set; } = (int)new PubSubOptions().ExpirySweepInterval.TotalSeconds;

    /// <summary>
    /// Enforce Google's message and request limits (10 MiB requests, 1,000 messages, attribute sizes…). Default
    /// true. Option <c>--pubsub-enforce-limits</c> (<c>=false</c> to lift them), environment variable
    /// <c>TIDINGS_PUBSUB_ENFORCE_LIMITS</c>.
    /// </summary>
    public bool EnforceLimits { get; set; } = new PubSubOptions().EnforceLimits;

    /// <summary>The engine's options; the allow-list of push hosts is the one the deliverer uses too.</summary>
    public PubSubOptions ToEngineOptions(EndpointAllowList pushEndpointAllowList) => new()
    {
        PullWaitTime = TimeSpan.FromMilliseconds(PullWaitMs),
        StreamMaxLifetime = TimeSpan.FromSeconds(StreamLifetimeSeconds),
        AckCheckpointInterval = TimeSpan.FromMilliseconds(AckCheckpointIntervalMs),
        ExpirySweepInterval = TimeSpan.FromSeconds(ExpirySweepIntervalSeconds),
        EnforceLimits = EnforceLimits,
        PushEndpointAllowList = pushEndpointAllowList,
    };
}
