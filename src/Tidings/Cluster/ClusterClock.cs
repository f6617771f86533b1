namespace Tidings.Cluster;

/// <summary>
/// The cluster's one clock: the local wall clock plus an offset to the database's <c>clock_timestamp()</c>, so cron
/// instants, task schedule times and ack deadlines do not jump when a service moves to a node whose clock is
/// skewed. Only the wall clock is shifted; timestamps and timers stay the local monotonic ones (a timer for "in 30
/// seconds" needs no agreement). The offset is set by <see cref="UnitOwnership"/> when this node wins its first
/// unit, before its engine opens, and every <see cref="ResampleInterval"/>. Thread-safe.
/// </summary>
internal sealed class ClusterClock(TimeProvider local) : TimeProvider
{
    /// <summary>How often the offset is sampled again: clocks drift by milliseconds a minute at most.</summary>
    public static readonly TimeSpan ResampleInterval = TimeSpan.FromSeconds(30);

    private long _offsetTicks;

    /// <summary>The clock the offset is applied to.</summary>
    public TimeProvider Local => local;

    /// <summary>Database time minus local time, zero until the first sample.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Apply(ClockSample sample) => Interlocked.Exchange(ref _offsetTicks, sample.Offset.Ticks);

    public override DateTimeOffset GetUtcNow() => local.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => local.LocalTimeZone;

    public override long TimestampFrequency => local.TimestampFrequency;

    public override long GetTimestamp() => local.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        local.CreateTimer(callback, state, dueTime, period);
}
