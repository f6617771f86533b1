namespace Tidings.Tasks.Queues;

/// <summary>
/// What a queue created without settings gets (reference §1.3, the values the real service is observed to pick) and
/// the limits Google documents (§1.5, §1.13).
/// </summary>
internal static class QueueDefaults
{
    public const double MaxDispatchesPerSecond = 500;
    public const int MaxConcurrentDispatches = 1000;
    public const int MaxAttempts = 100;
    public const int MaxDoublings = 16;

    public static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(3600);

    /// <summary>Google's cap on a queue's dispatch rate.</summary>
    public const double MaxDispatchesPerSecondLimit = 500;

    /// <summary>Google's cap on concurrent dispatches.</summary>
    public const int MaxConcurrentDispatchesLimit = 5000;

    /// <summary>The burst paired with the default rate, and the most any rate gets.</summary>
    public const int MaxBurstSize = 100;

    /// <summary>The least burst any rate gets, so a slow queue can still start a few tasks at once.</summary>
    public const int MinBurstSize = 10;

    /// <summary>
    /// The token bucket size the server picks for a rate (v2 makes it output only and does not document the rule):
    /// the rate rounded up, at least <see cref="MinBurstSize"/> and at most <see cref="MaxBurstSize"/>. It gives the
    /// observed 100 for the default 500/s and, below 100/s, a burst "at least equal to max_dispatches_per_second" as
    /// Google's 2026 text describes it. Tidings' rule.
    /// </summary>
    public static int BurstSizeFor(double maxDispatchesPerSecond) =>
        (int)Math.Clamp(Math.Ceiling(maxDispatchesPerSecond), MinBurstSize, MaxBurstSize);
}
