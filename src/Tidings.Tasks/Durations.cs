using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Tidings.Tasks;

/// <summary>Protobuf durations and timestamps as the engine reads and writes them.</summary>
internal static class Durations
{
    /// <summary>The duration as a TimeSpan (to its 100 ns tick), or null when it is not a valid normalized duration.</summary>
    public static TimeSpan? ToTimeSpan(Duration duration)
    {
        if (duration.Seconds is < -Duration.MaxSeconds or > Duration.MaxSeconds
            || duration.Nanos is <= -Duration.NanosecondsPerSecond or >= Duration.NanosecondsPerSecond
            || (duration.Seconds < 0 && duration.Nanos > 0) || (duration.Seconds > 0 && duration.Nanos < 0))
        {
            return null;
        }
        return duration.ToTimeSpan();
    }

    /// <summary>Google's JSON form of a duration, e.g. <c>3.5s</c>, for messages.</summary>
    public static string Format(Duration duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{duration.Seconds + (duration.Nanos / 1e9)}s");

    /// <summary>A time truncated to the microsecond, Cloud Tasks' precision for schedule times (and the store's).</summary>
    public static DateTimeOffset TruncateToMicros(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>A time truncated to the whole second, as Cloud Tasks reports a task's create time.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>A duration truncated to the millisecond, as Cloud Tasks keeps dispatch deadlines.</summary>
    public static TimeSpan TruncateToMillis(TimeSpan span) => new(span.Ticks - (span.Ticks % TimeSpan.TicksPerMillisecond));
}
