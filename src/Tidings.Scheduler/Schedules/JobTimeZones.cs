using System.Diagnostics.CodeAnalysis;

namespace Tidings.Scheduler.Schedules;

/// <summary>
/// The time zone a schedule is read in: a tz database name in <c>Area/Location</c> form (<c>Europe/Berlin</c>,
/// <c>America/New_York</c>, <c>Etc/UTC</c>), or <c>UTC</c> in any case (Google documents <c>utc</c>); empty means
/// UTC. Bare abbreviations such as <c>EST</c> are refused, as Google refuses them, even though the tz database has
/// a few. Resolved from the system's tz database (<c>/usr/share/zoneinfo</c>).
/// </summary>
public static class JobTimeZones
{
    public static bool TryResolve(string? name, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrEmpty(name) || string.Equals(name, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == name.Length - 1 || name.Contains("..", StringComparison.Ordinal)
            || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')))
        {
            return false;
        }
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
