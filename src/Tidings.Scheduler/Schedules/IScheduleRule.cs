namespace Tidings.Scheduler.Schedules;

/// <summary>When a schedule fires: Google's unix-cron dialect or App Engine's English-like one.</summary>
public interface IScheduleRule
{
    /// <summary>The first occurrence strictly after <paramref name="instant"/>, read in <paramref name="zone"/>; null if none.</summary>
    DateTimeOffset? NextAfter(DateTimeOffset instant, TimeZoneInfo zone);
}
