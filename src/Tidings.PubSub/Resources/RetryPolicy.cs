namespace Tidings.PubSub.Resources;

/// <summary>
/// How long a nacked or expired message waits before it is delivered again: exponentially longer after each
/// failure, from <see cref="MinimumBackoff"/> up to <see cref="MaximumBackoff"/> (each 0–600 s; Google's defaults
/// 10 s and 600 s). A subscription without one redelivers at once.
/// </summary>
public sealed record RetryPolicy
{
    public static readonly TimeSpan DefaultMinimumBackoff = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultMaximumBackoff = TimeSpan.FromSeconds(600);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(600);

    public TimeSpan MinimumBackoff { get; init; } = DefaultMinimumBackoff;

    public TimeSpan MaximumBackoff { get; init; } = DefaultMaximumBackoff;
}
