namespace Tidings.Delivery;

/// <summary>
/// A concurrency window that adapts to the endpoint, as TCP's congestion window does and as Pub/Sub push
/// describes its flow control. Below the slow-start threshold each success doubles the window (up to the
/// threshold); at or above it each success adds one ("additive increase"). A failure halves the window,
/// never below the minimum, and lowers the threshold to the halved size, so growth after a failure is
/// linear. The window never exceeds the maximum. Thread-safe: all members run under one lock.
/// </summary>
public sealed class AdaptiveWindow
{
    private readonly Lock _lock = new();
    private readonly int _minimum;
    private readonly int _maximum;
    private int _size;
    private int _threshold;

    /// <summary>A window with no slow-start threshold until the first failure: it doubles up to the maximum.</summary>
    /// <param name="initial">The starting size, between <paramref name="minimum"/> and <paramref name="maximum"/>.</param>
    /// <param name="minimum">The smallest size, at least 1.</param>
    /// <param name="maximum">The largest size.</param>
    public AdaptiveWindow(int initial, int minimum, int maximum)
        : this(initial, minimum, maximum, slowStartThreshold: maximum)
    {
    }

    /// <summary>A window that doubles up to <paramref name="slowStartThreshold"/>, then grows by one per success.</summary>
    /// <param name="initial">The starting size, between <paramref name="minimum"/> and <paramref name="maximum"/>.</param>
    /// <param name="minimum">The smallest size, at least 1.</param>
    /// <param name="maximum">The largest size.</param>
    /// <param name="slowStartThreshold">The size from which growth is additive, between
    /// <paramref name="minimum"/> and <paramref name="maximum"/>.</param>
    public AdaptiveWindow(int initial, int minimum, int maximum, int slowStartThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, minimum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initial, maximum);
        ArgumentOutOfRangeException.ThrowIfLessThan(slowStartThreshold, minimum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slowStartThreshold, maximum);
        _minimum = minimum;
        _maximum = maximum;
        _size = initial;
        _threshold = slowStartThreshold;
    }

    /// <summary>How many deliveries may be in flight at once.</summary>
    public int Size => Volatile.Read(ref _size);

    /// <summary>The size from which a success adds one rather than doubling.</summary>
    public int SlowStartThreshold
    {
        get
        {
            lock (_lock)
            {
                return _threshold;
            }
        }
    }

    /// <summary>Records a successful delivery: doubles the window in slow start, else adds one.</summary>
    public void OnSuccess()
    {
        lock (_lock)
        {
            var next = _size < _threshold ? Math.Min((long)_size * 2, _threshold) : (long)_size + 1;
            Volatile.Write(ref _size, (int)Math.Min(next, _maximum));
        }
    }

    /// <summary>Records a failed delivery: halves the window (not below the minimum) and ends slow start there.</summary>
    public void OnFailure()
    {
        lock (_lock)
        {
            var next = Math.Max(_size / 2, _minimum);
            _threshold = next;
            Volatile.Write(ref _size, next);
        }
    }
}
