using Tidings.Kernel.Errors;
using Tidings.Scheduler.Schedules;

namespace Tidings.Scheduler.Tests.Schedules;

/// <summary>Schedules read in IANA zones (and utc), Google's one error for a zone it does not know, and the local schedule time.</summary>
public sealed class TimeZoneTests
{
    private static readonly DateTimeOffset NewYearUtc = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("", 9, 0)]
    [InlineData("utc", 9, 0)]
    [InlineData("UTC", 9, 0)]
    [InlineData("Etc/UTC", 9, 0)]
    [InlineData("Europe/Berlin", 8, 0)]
    [InlineData("Asia/Kolkata", 3, 30)]
    [InlineData("America/Los_Angeles", 17, 0)]
    public void NextAfter_NineOClockLocal_IsThatZonesNine(string zone, int utcHour, int utcMinute)
    {
        var schedule = JobSchedule.Parse("0 9 * * *", zone);
        var next = schedule.NextAfter(NewYearUtc)!.Value;
        Assert.Equal(TimeSpan.Zero, next.Offset);
        Assert.Equal((utcHour, utcMinute), (next.Hour, next.Minute));
    }

    [Theory]
    [InlineData("EST")]
    [InlineData("GMT+1")]
    [InlineData("Mars/Olympus")]
    [InlineData("Europe/")]
    [InlineData("../etc/passwd")]
    [InlineData("Eastern Standard Time")]
    public void Parse_UnknownZone_GooglesError(string zone)
    {
        var error = Assert.Throws<TidingsException>(() => JobSchedule.Parse("* * * * *", zone));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Schedule or time zone is invalid.", error.Message);
    }

    [Theory]
    [InlineData("America/Los_Angeles", "2026-11-03T07:27:00-08:00")]
    [InlineData("Asia/Kolkata", "2026-11-03T20:57:00+05:30")]
    [InlineData("utc", "2026-11-03T15:27:00Z")]
    public void FormatLocal_Instant_Rfc3339InTheJobsOffset(string zone, string expected)
    {
        var schedule = JobSchedule.Parse("* * * * *", zone);
        Assert.Equal(expected, schedule.FormatLocal(new DateTimeOffset(2026, 11, 3, 15, 27, 0, TimeSpan.Zero)));
    }
}
