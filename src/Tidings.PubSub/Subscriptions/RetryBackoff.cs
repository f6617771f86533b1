using Tidings.PubSub.Resources;

namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// The wait before a failed message is delivered again. Google documents the backoff only as exponential between
/// the policy's minimum and maximum, starting at the minimum after the first failure; Tidings doubles it per
/// failure: after the n-th failed delivery the message waits <c>min(minimum × 2^(n−1), maximum)</c>. The waits
/// therefore never shrink from one failure to the next, and a minimum of 0 means no wait at all.
/// </summary>
internal static class RetryBackoff
{
    /// <summary>The wait after <paramref name="failures"/> failed deliveries (at least 1); zero without a policy.</summary>
    public static TimeSpan Delay(RetryPolicy? policy, int failures)
    {
        if (policy is null || policy.MinimumBackoff <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        var doublings = Math.Max(0, failures - 1);
        var maximum = policy.MaximumBackoff.Ticks;
        if (doublings >= 62)
        {
            return policy.MaximumBackoff;
        }
        var delay = policy.MinimumBackoff.Ticks;
        for (var i = 0; i < doublings && delay < maximum; i++)
        {
            delay *= 2;
        }
        return TimeSpan.FromTicks(Math.Min(delay, maximum));
    }
}
