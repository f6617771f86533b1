using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tidings.Scheduler.Schedules.English;

/// <summary>
/// App Engine's English-like schedules, which Cloud Scheduler still accepts beside unix-cron (Firebase's scheduled
/// functions create jobs such as <c>every 5 minutes</c>). Case-insensitive, words separated by spaces:
/// <list type="bullet">
/// <item><c>every N (minutes|mins|minute|min|hours|hour) [from HH:MM to HH:MM | synchronized]</c> (<see cref="IntervalSchedule"/>);</item>
/// <item><c>every (day|days|WEEKDAYS) [of MONTHS] HH:MM</c>;</item>
/// <item><c>ORDINALS WEEKDAYS [of MONTHS] HH:MM</c>, ordinals <c>1st</c>/<c>first</c> … <c>5th</c>/<c>fifth</c>;</item>
/// <item><c>DAYS-OF-MONTH of MONTHS HH:MM</c>, e.g. <c>1,15 of month 00:00</c> (<see cref="CalendarSchedule"/>).</item>
/// </list>
/// WEEKDAYS and MONTHS are comma-separated full or three-letter names; MONTHS may be <c>month</c> (every month).
/// </summary>
public static class EnglishSchedule
{
    private static readonly IReadOnlySet<int> AllMonths = Enumerable.Range(1, 12).ToHashSet();
    private static readonly IReadOnlySet<DayOfWeek> AllWeekdays = Enum.GetValues<DayOfWeek>().ToHashSet();

    private static readonly Dictionary<string, int> OrdinalWords = new()
    {
        ["1st"] = 1,
        ["first"] = 1,
        ["2nd"] = 2,
        ["second"] = 2,
        ["3rd"] = 3,
        ["third"] = 3,
        ["4th"] = 4,
        ["fourth"] = 4,
        ["5th"] = 5,
        ["fifth"] = 5,
    };

    /// <summary>Full names and their first three letters: <c>monday</c>, <c>mon</c>.</summary>
    private static readonly Dictionary<string, DayOfWeek> WeekdayWords = Enum.GetValues<DayOfWeek>()
        .SelectMany(day => NameAndAbbreviation(day.ToString()).Select(word => (word, day)))
        .ToDictionary(pair => pair.word, pair => pair.day);

    private static readonly Dictionary<string, int> MonthWords = Enumerable.Range(1, 12)
        .SelectMany(month => NameAndAbbreviation(CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)).Select(word => (word, month)))
        .ToDictionary(pair => pair.word, pair => pair.month);

    private static readonly Dictionary<string, int> DayOfMonthWords = Enumerable.Range(1, 31)
        .ToDictionary(day => day.ToString(CultureInfo.InvariantCulture), day => day);

    public static bool TryParse(string? text, [NotNullWhen(true)] out IScheduleRule? schedule)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        // "mon, wed" is one list: join what follows a comma to it before splitting into words.
        var normalized = string.Join(',', text.ToLowerInvariant().Split(',').Select(part => part.Trim()));
        var words = normalized.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        schedule = words.Length >= 3 && words[0] == "every" && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? ParseInterval(count, words[2], words[3..])
            : ParseCalendar(words);
        return schedule is not null;
    }

    private static IntervalSchedule? ParseInterval(int count, string unit, string[] rest)
    {
        TimeSpan? step = unit switch
        {
            "minute" or "minutes" or "min" or "mins" => TimeSpan.FromMinutes(count),
            "hour" or "hours" => TimeSpan.FromHours(count),
            _ => null,
        };
        if (step is not { } interval || count < 1 || interval > TimeSpan.FromDays(1))
        {
            return null;
        }
        return rest switch
        {
            [] => new IntervalSchedule(interval, null, null),
            ["synchronized"] when TimeSpan.FromDays(1).Ticks % interval.Ticks == 0 =>
                new IntervalSchedule(interval, TimeSpan.Zero, new TimeSpan(23, 59, 0)),
            ["from", var from, "to", var to] when TryParseTime(from, out var start) && TryParseTime(to, out var end) =>
                new IntervalSchedule(interval, start, end),
            _ => null,
        };
    }

    private static CalendarSchedule? ParseCalendar(string[] words)
    {
        if (words.Length < 3 || !TryParseTime(words[^1], out var time))
        {
            return null;
        }
        var (rule, months) = words[..^1] switch
        {
            [var selector, var days] => (ParseDayRule(selector, days), AllMonths),
            [var selector, var days, "of", var monthList] => (ParseDayRule(selector, days), ParseMonths(monthList)),
            [var dayNumbers, "of", var monthList] => (ParseDaysOfMonth(dayNumbers), ParseMonths(monthList)),
            _ => (null, null),
        };
        return rule is not null && months is not null ? new CalendarSchedule(time, rule, months) : null;
    }

    /// <summary><c>every</c> with weekdays (or <c>day</c>), or ordinals with weekdays.</summary>
    private static DayRule? ParseDayRule(string selector, string days)
    {
        if (selector == "every")
        {
            return (days is "day" or "days" ? AllWeekdays : ParseWeekdays(days)) is { } every ? new DayRule.EveryWeekday(every) : null;
        }
        return ParseOrdinals(selector) is { } nth && ParseWeekdays(days) is { } weekdays ? new DayRule.NthWeekday(nth, weekdays) : null;
    }

    private static DayRule.DaysOfMonth? ParseDaysOfMonth(string list) =>
        ParseList(list, DayOfMonthWords) is { } days ? new DayRule.DaysOfMonth(days) : null;

    private static HashSet<int>? ParseOrdinals(string list) => ParseList(list, OrdinalWords);

    private static HashSet<DayOfWeek>? ParseWeekdays(string list) => ParseList(list, WeekdayWords);

    private static IReadOnlySet<int>? ParseMonths(string list) => list == "month" ? AllMonths : ParseList(list, MonthWords);

    private static IEnumerable<string> NameAndAbbreviation(string name) => new[] { name.ToLowerInvariant(), name[..3].ToLowerInvariant() }.Distinct();

    /// <summary>A comma-separated list of known words; null if any word is unknown.</summary>
    private static HashSet<T>? ParseList<T>(string list, Dictionary<string, T> words)
    {
        var set = new HashSet<T>();
        foreach (var item in list.Split(','))
        {
            if (!words.TryGetValue(item, out var value))
            {
                return null;
            }
            set.Add(value);
        }
        return set;
    }

    private static bool TryParseTime(string text, out TimeSpan time)
    {
        time = default;
        var parts = text.Split(':');
        if (parts is not [var h, var m] || h.Length is < 1 or > 2 || m.Length != 2
            || !int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) || hours > 23
            || !int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes > 59)
        {
            return false;
        }
        time = new TimeSpan(hours, minutes, 0);
        return true;
    }
}
