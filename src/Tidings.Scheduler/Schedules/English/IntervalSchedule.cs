namespace Tidings.Scheduler.Schedules.English;

/// <summary>
/// <c>every N minutes|hours</c>, optionally <c>from HH:MM to HH:MM</c> or <c>synchronized</c>. Without a window the
/// interval runs from the previous occurrence (App Engine's "end-time interval"; here the previous scheduled time,
/// since a job's run does not move its schedule), so the first run comes one interval after the job is created,
/// resumed or restarted from. With a window it fires at the window's start and every interval after it, up to and
/// including its end, each day (a window whose end is before its start runs past midnight); <c>synchronized</c> is
/// the window 00:00–23:59.
/// </summary>
internal sealed class IntervalSchedule(TimeSpan interval, TimeSpan? windowStart, TimeSpan? windowEnd) : IScheduleRule
{
    public DateTimeOffset? NextAfter(DateTimeOffset instant, TimeZoneInfo zone)
    {
        if (windowStart is not { } start || windowEnd is not { } end)
        {
            return instant + interval;
        }
        var length = end >= start ? end - start : end + TimeSpan.FromDays(1) - start;
        var today = TimeZoneInfo.ConvertTime(instant, zone).Date;
        // A window that began yesterday may still be running past midnight.
        for (var day = today.AddDays(-1); day <= today.AddDays(1); day = day.AddDays(1))
        {
            for (var offset = TimeSpan.Zero; offset <= length; offset += interval)
            {
                var candidate = LocalTimes.ToInstant(day + start + offset, zone);
                if (candidate > instant)
                {
                    return candidate.ToUniversalTime();
                }
            }
        }
        return null; // unreachable: tomorrow's window lies wholly after the instant
    }
}
