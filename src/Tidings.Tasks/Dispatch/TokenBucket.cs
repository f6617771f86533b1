namespace Tidings.Tasks.Dispatch;

/// <summary>
/// A queue's rate limit (reference §1.5): a bucket of at most <c>max_burst_size</c> tokens refilled at
/// <c>max_dispatches_per_second</c>; every dispatch takes one. Starts full. Time comes from the injected clock.
/// Not thread-safe: only the queue's dispatch loop uses it.
/// </summary>
internal sealed class TokenBucket(TimeProvider time)
{
    private double _tokens = -1;
    private long _refilledAt;
    private double _rate = 1;
    private int _capacity = 1;

    /// <summary>Applies the queue's current limits; tokens above a smaller capacity are dropped.</summary>
    public void Configure(double ratePerSecond, int capacity)
    {
        Refill();
        _rate = ratePerSecond;
        _capacity = Math.Max(1, capacity);
        _tokens = _tokens < 0 ? _capacity : Math.Min(_tokens, _capacity);
    }

    /// <summary>Whole tokens available now.</summary>
    public int Available()
    {
        Refill();
        return (int)Math.Floor(_tokens);
    }

    public void Take(int count)
    {
        Refill();
        _tokens -= count;
    }

    /// <summary>How long until one whole token is available (zero when one is).</summary>
    public TimeSpan UntilNextToken()
    {
        Refill();
        var missing = 1 - _tokens;
        // Rounded up to the tick, so waking after it always finds the token.
        return missing <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(missing / _rate * TimeSpan.TicksPerSecond));
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        if (_tokens >= 0)
        {
            var elapsed = time.GetElapsedTime(_refilledAt, now).TotalSeconds;
            _tokens = Math.Min(_capacity, _tokens + (elapsed * _rate));
        }
        _refilledAt = now;
    }
}
