namespace Tidings.Storage.Tasks;

/// <summary>Task times as stored: microseconds since the Unix epoch, UTC, as PostgreSQL keeps <c>timestamptz</c>.</summary>
internal static class TaskTime
{
    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    /// <summary>The time as the store gives it back: UTC, truncated to the microsecond.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => FromMicros(ToMicros(time));
}
