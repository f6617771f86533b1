using Tidings.Scheduler.Tests.Support;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>A job with an English-like schedule (as Firebase creates them) is accepted, kept as written, and fires on it.</summary>
public sealed class EnglishScheduleJobTests : IDisposable
{
    private readonly SchedulerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task EveryTwoMinutes_FiresOneIntervalAfterCreationThenEveryInterval()
    {
        var created = await _harness.CreateAsync(SchedulerHarness.HttpJob("firebase", "every 2 minutes"));
        Assert.Equal("every 2 minutes", created.Schedule);
        Assert.Equal(SchedulerHarness.Start.AddMinutes(2), created.ScheduleTime.ToDateTimeOffset());

        _harness.AdvanceTo(SchedulerHarness.Start.AddMinutes(2));
        await _harness.RequestsAsync(1);
        await _harness.SettledAsync();
        _harness.AdvanceTo(SchedulerHarness.Start.AddMinutes(4));
        await _harness.RequestsAsync(2);
        await _harness.SettledAsync();

        Assert.Equal(2, _harness.Deliverer.Requests.Count);
        Assert.Equal(SchedulerHarness.Start.AddMinutes(6), _harness.Get("firebase").ScheduleTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task EveryDayAtNine_InTheJobsZone_ScheduledThere()
    {
        var created = await _harness.CreateAsync(SchedulerHarness.HttpJob("daily", "every day 09:00", "America/New_York"));

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 14, 0, 0, TimeSpan.Zero), created.ScheduleTime.ToDateTimeOffset());
    }
}
