using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Cronos;

namespace Tidings.Scheduler.Schedules;

/// <summary>
/// A schedule in Google's unix-cron dialect: five fields (minute, hour, day of month, month, day of week), each
/// <c>*</c>, values, inclusive ranges <c>a-b</c>, steps <c>/n</c> (on <c>*</c>, a range, or a start value up to the
/// field's end), and <c>,</c> lists;
/// months <c>JAN</c>–<c>DEC</c> and days <c>SUN</c>–<c>SAT</c> by name (any case); Sunday is 0 or 7. Nothing else:
/// no seconds, no <c>L</c>, <c>W</c>, <c>#</c>, <c>?</c> or <c>@</c> macros, no reversed ranges. Occurrences come
/// from Cronos, with one difference Cronos has by design: when both day of month and day of week are restricted
/// (neither starts with <c>*</c>), a day matches when <em>either</em> does, as in Vixie cron, so
/// <c>0 0 13 * FRI</c> is every Friday and every 13th. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Daylight saving time (Cronos' rules, which this type keeps): a local time that a spring-forward transition skips
/// fires at the first instant after the gap; a local time that a fall-back transition repeats fires once, at its
/// first occurrence, when minute and hour are single values; when either is <c>*</c>, a range or a step the
/// schedule is an interval and fires in both offsets, so it keeps its rhythm through the repeated hour.
/// </remarks>
public sealed class CronSchedule : IScheduleRule
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>Lowest and highest value of each field, in field order.</summary>
    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];

    private readonly CronExpression _primary;
    private readonly CronExpression? _either;

    private CronSchedule(string text, CronExpression primary, CronExpression? either)
    {
        Text = text;
        _primary = primary;
        _either = either;
    }

    /// <summary>The schedule as the job gave it.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; false for anything outside the dialect.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CronSchedule? schedule)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return false;
        }
        for (var i = 0; i < fields.Length; i++)
        {
            if (!IsValidField(fields[i], i))
            {
                return false;
            }
        }
        var bothDaysRestricted = !fields[2].StartsWith('*') && !fields[4].StartsWith('*');
        try
        {
            if (!bothDaysRestricted)
            {
                schedule = new CronSchedule(text, CronExpression.Parse(string.Join(' ', fields)), null);
                return true;
            }
            // Cronos ANDs the two day fields; Google (Vixie) ORs them: one expression per day field.
            var byDayOfMonth = CronExpression.Parse($"{fields[0]} {fields[1]} {fields[2]} {fields[3]} *");
            var byDayOfWeek = CronExpression.Parse($"{fields[0]} {fields[1]} * {fields[3]} {fields[4]}");
            schedule = new CronSchedule(text, byDayOfMonth, byDayOfWeek);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>, read in <paramref name="zone"/>; null if none (Feb 30).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var next = _primary.GetNextOccurrence(instant, zone, inclusive: false);
        if (_either?.GetNextOccurrence(instant, zone, inclusive: false) is { } other && (next is null || other < next))
        {
            next = other;
        }
        return next?.ToUniversalTime();
    }

    public override string ToString() => Text;

    /// <summary>Only the dialect's characters, names only where the field takes them, and no reversed range.</summary>
    private static bool IsValidField(string field, int index)
    {
        foreach (var item in field.Split(','))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var range = slash < 0 ? item : item[..slash];
            if (slash >= 0 && !IsNumber(item[(slash + 1)..], out _))
            {
                return false;
            }
            if (range == "*")
            {
                continue;
            }
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (!TryValue(range, index, out _))
                {
                    return false;
                }
                continue;
            }
            if (!TryValue(range[..dash], index, out var first) || !TryValue(range[(dash + 1)..], index, out var last) || first > last)
            {
                return false;
            }
        }
        return true;
    }

    private static bool TryValue(string text, int index, out int value)
    {
        var names = index switch { 3 => MonthNames, 4 => DayNames, _ => null };
        if (names is not null && text.Length == 3 && char.IsAsciiLetter(text[0]))
        {
            var position = Array.FindIndex(names, name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase));
            value = index == 3 ? position + 1 : position;
            return position >= 0;
        }
        return IsNumber(text, out value) && value >= Ranges[index].Min && value <= Ranges[index].Max;
    }

    private static bool IsNumber(string text, out int value)
    {
        value = 0;
        return text.Length is > 0 and <= 4 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
