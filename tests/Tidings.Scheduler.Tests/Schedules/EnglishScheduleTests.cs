using Tidings.Kernel.Errors;
using Tidings.Scheduler.Schedules;
using Tidings.Scheduler.Schedules.English;

namespace Tidings.Scheduler.Tests.Schedules;

/// <summary>App Engine's English-like schedules, which Cloud Scheduler accepts beside unix-cron.</summary>
public sealed class EnglishScheduleTests
{
    private static readonly DateTimeOffset NewYear = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("every 5 minutes")]
    [InlineData("every 1 minutes")]
    [InlineData("every 1 min")]
    [InlineData("every 12 hours")]
    [InlineData("every 24 hours")]
    [InlineData("every 5 minutes from 10:00 to 14:00")]
    [InlineData("every 2 hours synchronized")]
    [InlineData("every day 00:00")]
    [InlineData("every monday 09:00")]
    [InlineData("every mon,wed,fri 9:30")]
    [InlineData("every mon, wed 09:00")]
    [InlineData("2nd,third mon,wed,thu of march 17:00")]
    [InlineData("1st monday of sep,oct,nov 17:00")]
    [InlineData("1st monday 09:00")]
    [InlineData("1 of jan,april,july,oct 00:00")]
    [InlineData("1,15 of month 08:30")]
    [InlineData("EVERY 5 MINUTES")]
    public void TryParse_AppEngineSyntax_Accepts(string schedule) =>
        Assert.True(EnglishSchedule.TryParse(schedule, out _), schedule);

    [Theory]
    [InlineData("every")]
    [InlineData("every 5")]
    [InlineData("every 0 minutes")]
    [InlineData("every -5 minutes")]
    [InlineData("every 5 seconds")]
    [InlineData("every 25 hours")]
    [InlineData("every 7 hours synchronized")]
    [InlineData("every 5 minutes from 10:00")]
    [InlineData("every 5 minutes from 10:00 until 14:00")]
    [InlineData("every funday 09:00")]
    [InlineData("every monday 9")]
    [InlineData("every monday 24:00")]
    [InlineData("every monday 09:60")]
    [InlineData("6th monday of month 09:00")]
    [InlineData("1st day of month 09:00")]
    [InlineData("32 of month 00:00")]
    [InlineData("1 of 00:00")]
    [InlineData("1st monday of jan")]
    [InlineData("every monday of smarch 09:00")]
    [InlineData("monday 09:00")]
    public void TryParse_NotTheSyntax_Refuses(string schedule) =>
        Assert.False(EnglishSchedule.TryParse(schedule, out _), schedule);

    [Fact]
    public void Interval_WithoutWindow_RunsFromThePreviousOccurrence() =>
        Assert.Equal([NewYear.AddMinutes(5), NewYear.AddMinutes(10), NewYear.AddMinutes(15)], Occurrences("every 5 minutes", NewYear.AddSeconds(0), 3));

    [Fact]
    public void Interval_Window_FromItsStartToItsEndInclusiveThenTheNextDay()
    {
        var times = Occurrences("every 90 minutes from 10:00 to 14:00", NewYear.AddHours(12), 4);

        Assert.Equal([At(1, 13, 0), At(2, 10, 0), At(2, 11, 30), At(2, 13, 0)], times);
    }

    [Fact]
    public void Interval_WindowEndingOnAStep_EndIncluded() =>
        Assert.Equal([At(1, 14, 0), At(2, 10, 0)], Occurrences("every 5 minutes from 10:00 to 14:00", At(1, 13, 57), 2));

    [Fact]
    public void Interval_WindowPastMidnight_RunsIntoTheNextDay() =>
        Assert.Equal([At(2, 0, 0), At(2, 1, 0), At(2, 2, 0), At(2, 22, 0)], Occurrences("every 1 hours from 22:00 to 02:00", At(1, 23, 30), 4));

    [Fact]
    public void Interval_Synchronized_AlignedOnMidnight() =>
        Assert.Equal([At(1, 2, 0), At(1, 4, 0)], Occurrences("every 2 hours synchronized", At(1, 1, 0), 2));

    [Fact]
    public void Interval_SynchronizedLastStep_WrapsToMidnight() =>
        Assert.Equal([At(2, 0, 0)], Occurrences("every 8 hours synchronized", At(1, 16, 0), 1));

    [Fact]
    public void Weekday_EveryMonday_NextMonday() =>
        Assert.Equal([At(5, 9, 0), At(12, 9, 0)], Occurrences("every monday 09:00", At(1, 0, 0), 2)); // 2026-01-05 is a Monday

    [Fact]
    public void NthWeekday_SecondAndThirdOfMarch_OnlyThoseDays()
    {
        // March 2026 begins on a Sunday: its second and third Mondays are the 9th and 16th, Wednesdays 11th and 18th, Thursdays 12th and 19th.
        var times = Occurrences("2nd,third mon,wed,thu of march 17:00", NewYear, 7);

        Assert.Equal([9, 11, 12, 16, 18, 19], times.Take(6).Select(t => t.Day));
        Assert.All(times.Take(6), t => Assert.Equal((2026, 3, 17), (t.Year, t.Month, t.Hour)));
        Assert.Equal(new DateTimeOffset(2027, 3, 8, 17, 0, 0, TimeSpan.Zero), times[6]);
    }

    [Fact]
    public void DaysOfMonth_FirstOfEachQuarter() =>
        Assert.Equal(
            [new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero)],
            Occurrences("1 of jan,april,july,oct 00:00", At(10, 0, 0).AddMonths(1), 2));

    [Fact]
    public void DaysOfMonth_DayAMonthLacks_Skipped() =>
        Assert.Equal([1, 3, 5], Occurrences("31 of month 00:00", NewYear, 3).Select(t => t.Month)); // after Jan 1: Jan 31, Mar 31, May 31

    [Fact]
    public void NthWeekday_Rare_FoundYearsAhead() =>
        Assert.Equal(new DateTimeOffset(2044, 2, 29, 9, 0, 0, TimeSpan.Zero), Occurrences("fifth monday of february 09:00", NewYear, 1)[0]);

    [Fact]
    public void TimeOfDay_ReadInTheJobsZone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        Assert.Equal(At(1, 8, 0), Parse("every day 09:00").NextAfter(NewYear, berlin));
    }

    [Fact]
    public void TimeOfDay_SkippedBySpringForward_FiresAtTheEndOfTheGap()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var dayBefore = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

        // 02:30 does not exist in Berlin on 2026-03-29: clocks go from 02:00 CET (01:00Z) to 03:00 CEST.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), Parse("every day 02:30").NextAfter(dayBefore, berlin));
    }

    [Fact]
    public void TimeOfDay_RepeatedByFallBack_FiresOnceAtTheFirst()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var dayBefore = new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero);

        var times = Occurrences("every day 02:30", dayBefore, 2, berlin);

        // 02:30 happens twice on 2026-10-25 (CEST, then CET): only the first, 00:30Z; then 01:30Z the next day.
        Assert.Equal([new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero)], times);
    }

    [Fact]
    public void JobSchedule_EnglishOrCron_BothAcceptedOtherwiseGooglesError()
    {
        Assert.Equal(NewYear.AddMinutes(5), JobSchedule.Parse("every 5 minutes", "UTC").NextAfter(NewYear));
        Assert.Equal(NewYear.AddMinutes(5), JobSchedule.Parse("*/5 * * * *", "UTC").NextAfter(NewYear));

        var error = Assert.Throws<TidingsException>(() => JobSchedule.Parse("every 5 seconds", "UTC"));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Schedule or time zone is invalid.", error.Message);
    }

    private static DateTimeOffset At(int januaryDay, int hour, int minute) => new(2026, 1, januaryDay, hour, minute, 0, TimeSpan.Zero);

    private static IScheduleRule Parse(string text) =>
        EnglishSchedule.TryParse(text, out var rule) ? rule : throw new ArgumentException($"not parsed: {text}");

    private static List<DateTimeOffset> Occurrences(string text, DateTimeOffset from, int count, TimeZoneInfo? zone = null)
    {
        var rule = Parse(text);
        var times = new List<DateTimeOffset>();
        var at = from;
        for (var i = 0; i < count; i++)
        {
            at = rule.NextAfter(at, zone ?? TimeZoneInfo.Utc)!.Value;
            times.Add(at);
        }
        return times;
    }
}
