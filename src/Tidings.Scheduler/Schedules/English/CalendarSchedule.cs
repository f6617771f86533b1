namespace Tidings.Scheduler.Schedules.English;

/// <summary>
/// A time of day on chosen days: <c>every monday 09:00</c>, <c>every day 00:00</c>, <c>1st,third mon,wed of
/// march 17:00</c> (the n-th such weekday of the month), <c>1,15 of month 08:30</c> (days of the month).
/// </summary>
internal sealed class CalendarSchedule(TimeSpan timeOfDay, DayRule days, IReadOnlySet<int> months) : IScheduleRule
{
    /// <summary>How far ahead to look: the rarest day it can name (a fifth Monday in February) recurs within 28 years.</summary>
    private const int SearchDays = 366 * 30;

    public DateTimeOffset? NextAfter(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var day = TimeZoneInfo.ConvertTime(instant, zone).Date;
        for (var i = 0; i < SearchDays; i++, day = day.AddDays(1))
        {
            if (!months.Contains(day.Month) || !days.Matches(day))
            {
                continue;
            }
            var candidate = LocalTimes.ToInstant(day + timeOfDay, zone);
            if (candidate > instant)
            {
                return candidate.ToUniversalTime();
            }
        }
        return null;
    }
}

/// <summary>Which days of a month a calendar schedule names.</summary>
internal abstract record DayRule
{
    public abstract bool Matches(DateTime day);

    /// <summary>These weekdays, every week (<c>every mon,fri</c>, <c>every day</c>).</summary>
    public sealed record EveryWeekday(IReadOnlySet<DayOfWeek> Weekdays) : DayRule
    {
        public override bool Matches(DateTime day) => Weekdays.Contains(day.DayOfWeek);
    }

    /// <summary>The n-th of these weekdays in the month (<c>1st,third monday</c>), n from 1 to 5.</summary>
    public sealed record NthWeekday(IReadOnlySet<int> Ordinals, IReadOnlySet<DayOfWeek> Weekdays) : DayRule
    {
        public override bool Matches(DateTime day) => Weekdays.Contains(day.DayOfWeek) && Ordinals.Contains(((day.Day - 1) / 7) + 1);
    }

    /// <summary>These days of the month (<c>1,15</c>); a month without the day skips it.</summary>
    public sealed record DaysOfMonth(IReadOnlySet<int> Days) : DayRule
    {
        public override bool Matches(DateTime day) => Days.Contains(day.Day);
    }
}
