namespace Tidings.Delivery;

/// <summary>
/// Delays after consecutive failures: none after 0 failures, <c>minimum</c> after the first, then multiplied
/// by <c>multiplier</c> per further failure, capped at <c>maximum</c>. Deterministic (no jitter); immutable
/// and thread-safe.
/// </summary>
public sealed class ExponentialBackoff
{
    private readonly TimeSpan _minimum;
    private readonly TimeSpan _maximum;
    private readonly double _multiplier;

    /// <param name="minimum">The delay after the first failure; not negative. Pub/Sub push uses 100 ms.</param>
    /// <param name="maximum">The largest delay; at least <paramref name="minimum"/>. Pub/Sub push uses 60 s.</param>
    /// <param name="multiplier">The growth factor per failure, at least 1. Default 2 (doubling).</param>
    public ExponentialBackoff(TimeSpan minimum, TimeSpan maximum, double multiplier = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        if (!(multiplier >= 1) || double.IsInfinity(multiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The multiplier must be a finite number of at least 1.");
        }
        _minimum = minimum;
        _maximum = maximum;
        _multiplier = multiplier;
    }

    /// <summary>The delay before the next attempt after <paramref name="consecutiveFailures"/> failures in a row.</summary>
    /// <param name="consecutiveFailures">Failures since the last success; 0 gives <see cref="TimeSpan.Zero"/>.</param>
    public TimeSpan Delay(int consecutiveFailures)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(consecutiveFailures);
        if (consecutiveFailures == 0)
        {
            return TimeSpan.Zero;
        }
        // Computed in doubles: large failure counts overflow to infinity, which the cap absorbs.
        var ticks = _minimum.Ticks * Math.Pow(_multiplier, consecutiveFailures - 1);
        return ticks >= _maximum.Ticks ? _maximum : TimeSpan.FromTicks((long)ticks);
    }
}
