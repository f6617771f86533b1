using System.Globalization;
using Tidings.Scheduler.Errors;
using Tidings.Scheduler.Schedules.English;

namespace Tidings.Scheduler.Schedules;

/// <summary>A job's schedule (unix-cron, or App Engine's English-like syntax) read in its time zone. Immutable and thread-safe.</summary>
public sealed class JobSchedule
{
    private JobSchedule(IScheduleRule rule, TimeZoneInfo zone)
    {
        Rule = rule;
        Zone = zone;
    }

    public IScheduleRule Rule { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>Parses a job's <c>schedule</c> and <c>time_zone</c>; Google's one error for either being wrong.</summary>
    /// <exception cref="Kernel.Errors.TidingsException">INVALID_ARGUMENT "Schedule or time zone is invalid."</exception>
    public static JobSchedule Parse(string? schedule, string? timeZone) =>
        TryParseRule(schedule, out var rule) && JobTimeZones.TryResolve(timeZone, out var zone)
            ? new JobSchedule(rule, zone)
            : throw SchedulerErrors.InvalidSchedule();

    private static bool TryParseRule(string? schedule, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IScheduleRule? rule)
    {
        if (CronSchedule.TryParse(schedule, out var cron))
        {
            rule = cron;
            return true;
        }
        return EnglishSchedule.TryParse(schedule, out rule);
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>; null when the schedule never fires (Feb 30).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant) => Rule.NextAfter(instant, Zone);

    /// <summary>
    /// <paramref name="instant"/> as RFC 3339 in the job's zone, its offset included (<c>2023-11-03T08:27:00-07:00</c>),
    /// as Google's <c>X-CloudScheduler-ScheduleTime</c> header carries it; a zero offset is written <c>Z</c>.
    /// </summary>
    public string FormatLocal(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone);
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return local.Offset == TimeSpan.Zero ? text + "Z" : text + local.ToString("zzz", CultureInfo.InvariantCulture);
    }
}
