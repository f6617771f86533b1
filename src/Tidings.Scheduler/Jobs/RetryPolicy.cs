using Google.Cloud.Scheduler.V1;
using Tidings.Delivery;

namespace Tidings.Scheduler.Jobs;

/// <summary>
/// A job's <c>retry_config</c> with Google's defaults filled in (no retries; backoff 5 s to 1 h, doubling 5 times),
/// and the two rules it implies: how long to wait before retry k, and whether another retry may be made.
/// </summary>
internal sealed record RetryPolicy(int RetryCount, TimeSpan MaxRetryDuration, TimeSpan MinBackoff, TimeSpan MaxBackoff, int MaxDoublings)
{
    public static readonly TimeSpan DefaultMinBackoff = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromHours(1);
    public const int DefaultMaxDoublings = 5;

    public static RetryPolicy From(RetryConfig? config) => new(
        config?.RetryCount ?? 0,
        config?.MaxRetryDuration?.ToTimeSpan() ?? TimeSpan.Zero,
        config?.MinBackoffDuration?.ToTimeSpan() ?? DefaultMinBackoff,
        config?.MaxBackoffDuration?.ToTimeSpan() ?? DefaultMaxBackoff,
        config is null || config.MaxDoublings == 0 ? DefaultMaxDoublings : config.MaxDoublings);

    /// <summary>
    /// The config as a job shows it: every field filled, unset ones with Google's defaults. A max_doublings of 0 is
    /// read as unset (proto3 cannot tell them apart), as Google's documented default of 5 implies.
    /// </summary>
    public RetryConfig ToConfig() => new()
    {
        RetryCount = RetryCount,
        MaxRetryDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(MaxRetryDuration),
        MinBackoffDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(MinBackoff),
        MaxBackoffDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(MaxBackoff),
        MaxDoublings = MaxDoublings,
    };

    /// <summary>
    /// The wait before retry <paramref name="retry"/> (1 for the first retry): <c>min</c> doubled per retry up to
    /// <c>max_doublings</c> times, then growing linearly by <c>min·2^max_doublings</c>, never above <c>max</c>
    /// (10 s, 300 s, 3 doublings: 10, 20, 40, 80, 160, 240, 300, 300…).
    /// </summary>
    public TimeSpan Backoff(int retry) => GoogleRetryBackoff.Delay(retry, MinBackoff, MaxBackoff, MaxDoublings);

    /// <summary>
    /// Whether a failed execution may be retried after <paramref name="retriesMade"/> retries, its first attempt
    /// <paramref name="sinceFirstAttempt"/> ago. With retry_count 0 never; otherwise until both limits are reached:
    /// retry_count retries, and max_retry_duration since the first attempt (0: no time limit).
    /// </summary>
    public bool MayRetry(int retriesMade, TimeSpan sinceFirstAttempt) =>
        RetryCount > 0 && (retriesMade < RetryCount || (MaxRetryDuration > TimeSpan.Zero && sinceFirstAttempt < MaxRetryDuration));
}
