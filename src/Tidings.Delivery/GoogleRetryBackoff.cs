namespace Tidings.Delivery;

/// <summary>
/// The backoff Cloud Tasks and Cloud Scheduler document for their retry configs: from <c>min</c> the delay doubles
/// <c>max_doublings</c> times, then grows linearly by <c>min·2^max_doublings</c> per retry, never above <c>max</c>
/// (10 s, 300 s and 3 doublings give 10, 20, 40, 80, 160, 240, 300, 300…).
/// </summary>
public static class GoogleRetryBackoff
{
    /// <summary>The wait before retry <paramref name="retry"/>, 1 being the retry after the first failed attempt.</summary>
    public static TimeSpan Delay(int retry, TimeSpan minBackoff, TimeSpan maxBackoff, int maxDoublings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        // Doubles: large retry numbers overflow to infinity, which the cap absorbs.
        var ticks = retry - 1 <= maxDoublings
            ? minBackoff.Ticks * Math.Pow(2, retry - 1)
            : minBackoff.Ticks * Math.Pow(2, maxDoublings) * (retry - maxDoublings);
        return ticks >= maxBackoff.Ticks ? maxBackoff : TimeSpan.FromTicks((long)ticks);
    }
}
