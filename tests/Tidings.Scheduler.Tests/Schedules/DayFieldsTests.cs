using Tidings.Scheduler.Schedules;

namespace Tidings.Scheduler.Tests.Schedules;

/// <summary>
/// Day of month and day of week both restricted: a day matches when either does (Vixie cron, which Google follows),
/// not when both do (Cronos' own rule). One of them <c>*</c>: the other alone decides.
/// </summary>
public sealed class DayFieldsTests
{
    private static readonly DateTimeOffset January2026 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextAfter_BothDayFieldsRestricted_EitherMatches()
    {
        CronSchedule.TryParse("0 0 13 * FRI", out var schedule);
        var days = CronDialectTests.Occurrences(schedule!, January2026, 5, TimeZoneInfo.Utc).Select(t => t.Day);
        // Fridays of January 2026 are the 2nd, 9th, 16th, 23rd, 30th; the 13th is a Tuesday.
        Assert.Equal([2, 9, 13, 16, 23], days);
    }

    [Fact]
    public void NextAfter_DayOfWeekStar_DayOfMonthAlone()
    {
        CronSchedule.TryParse("0 0 13 * *", out var schedule);
        Assert.Equal([13, 13], CronDialectTests.Occurrences(schedule!, January2026, 2, TimeZoneInfo.Utc).Select(t => t.Day));
    }

    [Fact]
    public void NextAfter_DayOfMonthStar_DayOfWeekAlone()
    {
        CronSchedule.TryParse("0 0 * * FRI", out var schedule);
        Assert.Equal([2, 9, 16], CronDialectTests.Occurrences(schedule!, January2026, 3, TimeZoneInfo.Utc).Select(t => t.Day));
    }

    [Fact]
    public void NextAfter_DayOfWeekStep_BothMustMatch()
    {
        // Vixie decides by the first character: "*/2" is a star field, and with one star field both must match.
        CronSchedule.TryParse("0 0 13 * */2", out var schedule);
        var days = CronDialectTests.Occurrences(schedule!, January2026, 3, TimeZoneInfo.Utc);
        Assert.All(days, day => Assert.Equal(13, day.Day));
        Assert.All(days, day => Assert.Equal(0, (int)day.DayOfWeek % 2));
    }
}
