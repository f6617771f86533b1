using Tidings.Scheduler.Schedules;

namespace Tidings.Scheduler.Tests.Schedules;

/// <summary>Which schedules Google's unix-cron dialect accepts: five fields, names, ranges, steps, lists, 0 and 7 for Sunday.</summary>
public sealed class CronDialectTests
{
    [Theory]
    [InlineData("* * * * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("0 9 * * 1-5")]
    [InlineData("0 9 * * MON-FRI")]
    [InlineData("0 9 * * mon,wed,fri")]
    [InlineData("0 0 1 JAN,jul *")]
    [InlineData("0 0-23/2 * * *")]
    [InlineData("1,2,5,6 * * * *")]
    [InlineData("0 0 * * 7")]
    [InlineData("0 0 * * 0")]
    [InlineData("0/15 * * * *")]
    [InlineData("  0   12 *  *  *  ")]
    public void TryParse_GoogleDialect_Accepts(string schedule) =>
        Assert.True(CronSchedule.TryParse(schedule, out _), schedule);

    [Theory]
    [InlineData("")]
    [InlineData("* * * *")]
    [InlineData("0 * * * * *")]
    [InlineData("60 * * * *")]
    [InlineData("0 24 * * *")]
    [InlineData("0 0 0 * *")]
    [InlineData("0 0 32 * *")]
    [InlineData("0 0 * 13 *")]
    [InlineData("0 0 * * 8")]
    [InlineData("0 0 L * *")]
    [InlineData("0 0 15W * *")]
    [InlineData("0 0 * * 5#2")]
    [InlineData("0 0 ? * *")]
    [InlineData("@daily")]
    [InlineData("0 0 * * MONDAY")]
    [InlineData("0 JAN * * *")]
    [InlineData("0 23-1 * * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("every 5 minutes")]
    public void TryParse_OutsideTheDialect_Refuses(string schedule) =>
        Assert.False(CronSchedule.TryParse(schedule, out _), schedule);

    [Fact]
    public void NextAfter_SundayAsZeroOrSeven_SameDays()
    {
        CronSchedule.TryParse("0 12 * * 0", out var zero);
        CronSchedule.TryParse("0 12 * * 7", out var seven);
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero); // a Thursday
        var expected = new DateTimeOffset(2026, 1, 4, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, zero!.NextAfter(from, TimeZoneInfo.Utc));
        Assert.Equal(expected, seven!.NextAfter(from, TimeZoneInfo.Utc));
    }

    [Fact]
    public void NextAfter_StepOnRange_EveryOtherHour()
    {
        CronSchedule.TryParse("30 8-12/2 * * *", out var schedule);
        var times = Occurrences(schedule!, new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), 4, TimeZoneInfo.Utc);
        Assert.Equal([8, 10, 12, 8], times.Select(t => t.Hour));
        Assert.All(times, t => Assert.Equal(30, t.Minute));
    }

    internal static List<DateTimeOffset> Occurrences(CronSchedule schedule, DateTimeOffset from, int count, TimeZoneInfo zone)
    {
        var times = new List<DateTimeOffset>();
        var at = from;
        for (var i = 0; i < count; i++)
        {
            at = schedule.NextAfter(at, zone)!.Value;
            times.Add(at);
        }
        return times;
    }
}
