using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>
/// The fake clock, keeping a record of the timers that code of one type sets (directly, or through the
/// <see cref="CancellationTokenSource"/> or <see cref="Task.Delay(TimeSpan, TimeProvider)"/> it calls): when each is
/// due and whether it has fired. The fake clock runs due callbacks inside <see cref="FakeTimeProvider.Advance"/>, so
/// right after an advance the record tells for certain whether that type's timeout has fired, where watching for
/// its effects (a connection closing) would mean waiting to see nothing happen. The caller is found on the call
/// stack, which Debug builds keep whole.
/// </summary>
public sealed class TimerRecordingClock(FakeTimeProvider inner, string recordedType) : TimeProvider
{
    private readonly ConcurrentQueue<RecordedTimer> _timers = new();

    /// <summary>The timers the recorded type has set so far, oldest first.</summary>
    public IReadOnlyList<RecordedTimer> Timers => [.. _timers];

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (!SetByRecordedType())
        {
            return inner.CreateTimer(callback, state, dueTime, period);
        }
        var timer = new RecordedTimer(inner.GetUtcNow() + dueTime);
        _timers.Enqueue(timer);
        return inner.CreateTimer(s =>
        {
            timer.MarkFired();
            callback(s);
        }, state, dueTime, period);
    }

    /// <summary>True when the nearest caller outside the framework is the recorded type (or an async method of it).</summary>
    private bool SetByRecordedType()
    {
        foreach (var frame in new StackTrace(2, fNeedFileInfo: false).GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            if (type is null || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
            {
                continue;
            }
            for (; type is not null; type = type.DeclaringType)
            {
                if (type.Name == recordedType)
                {
                    return true;
                }
            }
            return false;
        }
        return false;
    }
}

/// <summary>One timer a <see cref="TimerRecordingClock"/> saw set.</summary>
public sealed class RecordedTimer(DateTimeOffset dueAt)
{
    private int _fired;

    /// <summary>The fake clock's time at which the timer is due.</summary>
    public DateTimeOffset DueAt { get; } = dueAt;

    /// <summary>True once the timer's callback has run.</summary>
    public bool Fired => Volatile.Read(ref _fired) != 0;

    internal void MarkFired() => Volatile.Write(ref _fired, 1);
}
