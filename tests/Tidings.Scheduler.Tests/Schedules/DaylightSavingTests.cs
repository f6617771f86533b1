using Tidings.Scheduler.Schedules;

namespace Tidings.Scheduler.Tests.Schedules;

/// <summary>
/// The documented DST policy, in America/New_York (2026: clocks go 02:00 → 03:00 on 8 March and 02:00 → 01:00 on
/// 1 November): a skipped local time fires at the end of the gap; a repeated local time fires once for a fixed
/// minute and hour, and in both offsets for an interval schedule.
/// </summary>
public sealed class DaylightSavingTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static List<DateTimeOffset> Next(string cron, DateTimeOffset from, int count)
    {
        Assert.True(CronSchedule.TryParse(cron, out var schedule));
        return CronDialectTests.Occurrences(schedule, from, count, NewYork);
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void SpringForward_FixedTimeInTheGap_FiresAtTheEndOfTheGap()
    {
        var times = Next("30 2 * * *", Utc(3, 7, 17, 0), 2);
        // 8 March 02:30 does not exist: 03:00 EDT (07:00 UTC); 9 March 02:30 EDT.
        Assert.Equal([Utc(3, 8, 7, 0), Utc(3, 9, 6, 30)], times);
    }

    [Fact]
    public void SpringForward_Hourly_SkipsNothingButTheMissingHour()
    {
        var times = Next("0 * * * *", Utc(3, 8, 5, 30), 3);
        // 01:00 EST, then 03:00 EDT (02:00 never happens), then 04:00 EDT.
        Assert.Equal([Utc(3, 8, 6, 0), Utc(3, 8, 7, 0), Utc(3, 8, 8, 0)], times);
    }

    [Fact]
    public void FallBack_FixedTimeInTheRepeatedHour_FiresOnce()
    {
        var times = Next("30 1 * * *", Utc(10, 31, 12, 0), 2);
        // 1 November 01:30 EDT only, then 2 November 01:30 EST.
        Assert.Equal([Utc(11, 1, 5, 30), Utc(11, 2, 6, 30)], times);
    }

    [Fact]
    public void FallBack_Interval_FiresInBothOffsets()
    {
        var times = Next("*/30 * * * *", Utc(11, 1, 4, 45), 5);
        // 01:00 EDT, 01:30 EDT, 01:00 EST, 01:30 EST, 02:00 EST.
        Assert.Equal([Utc(11, 1, 5, 0), Utc(11, 1, 5, 30), Utc(11, 1, 6, 0), Utc(11, 1, 6, 30), Utc(11, 1, 7, 0)], times);
    }
}
