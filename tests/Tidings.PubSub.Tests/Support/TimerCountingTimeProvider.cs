using Microsoft.Extensions.Time.Testing;

namespace Tidings.PubSub.Tests.Support;

/// <summary>A fake clock that counts how often its timers fire: each firing is a wake-up of an idle server.</summary>
internal sealed class TimerCountingTimeProvider(FakeTimeProvider inner) : TimeProvider
{
    private int _fired;

    /// <summary>Timer callbacks run so far.</summary>
    public int Fired => Volatile.Read(ref _fired);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(s =>
        {
            Interlocked.Increment(ref _fired);
            callback(s);
        }, state, dueTime, period);
}
