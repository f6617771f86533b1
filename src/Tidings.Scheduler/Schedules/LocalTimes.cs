namespace Tidings.Scheduler.Schedules;

/// <summary>
/// A wall-clock time in a zone as an instant, by the rule the cron schedules follow (Cronos'): a local time that a
/// spring-forward transition skips fires at the first instant after the gap; one that a fall-back transition
/// repeats fires at its first occurrence.
/// </summary>
internal static class LocalTimes
{
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return EndOfGap(local, zone);
        }
        if (zone.IsAmbiguousTime(local))
        {
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max()); // the larger offset comes first
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>
    /// The transition that skipped <paramref name="local"/>: the gap's first local minute read with the offset in
    /// force before it. Transitions fall on whole minutes, and a gap lasts hours at most.
    /// </summary>
    private static DateTimeOffset EndOfGap(DateTime local, TimeZoneInfo zone)
    {
        var lastValid = local;
        do
        {
            lastValid = lastValid.AddMinutes(-1);
        }
        while (zone.IsInvalidTime(lastValid));
        return new DateTimeOffset(lastValid.AddMinutes(1), zone.GetUtcOffset(lastValid));
    }
}
