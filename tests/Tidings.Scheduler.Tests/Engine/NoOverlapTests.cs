using Tidings.Delivery;
using Tidings.Scheduler.Tests.Support;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>
/// Runs of one job never overlap: instants that pass while a run is under way wait for it, and then make one late
/// run (for the earliest of them), not a backlog; RunJob is the one exception.
/// </summary>
public sealed class NoOverlapTests : IDisposable
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private readonly SchedulerHarness _harness = new();
    private readonly TaskCompletionSource<DeliveryResult> _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NoOverlapTests()
    {
        var first = true;
        _harness.Deliverer.Respond = _ =>
        {
            if (first)
            {
                first = false;
                return _firstAnswer.Task;
            }
            return Task.FromResult(FakeDeliverer.Status(200));
        };
    }

    public void Dispose() => _harness.Dispose();

    private List<string> ScheduleTimes() =>
        [.. _harness.Deliverer.Requests.Select(r => _harness.Deliverer.Header(r, "X-CloudScheduler-ScheduleTime"))];

    [Fact]
    public async Task SlowRun_LaterInstantsWait_ThenOneLateRunForTheEarliest()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("slow"));
        _harness.AdvanceTo(Minute1);
        await _harness.RequestsAsync(1);

        _harness.AdvanceTo(Minute1.AddMinutes(1));
        _harness.AdvanceTo(Minute1.AddMinutes(2).AddSeconds(15));
        Assert.Equal(1, _harness.Deliverer.Count);

        _firstAnswer.SetResult(FakeDeliverer.Status(200));
        await _harness.RequestsAsync(2);
        await _harness.SettledAsync();

        Assert.Equal(["2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z"], ScheduleTimes());
        var job = _harness.Get("slow");
        Assert.Equal(Minute1.AddMinutes(2).AddSeconds(15), job.LastAttemptTime.ToDateTimeOffset());
        Assert.Equal(Minute1.AddMinutes(3), job.ScheduleTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task RunJob_WhileARunIsUnderWay_RunsAnyway()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("forced"));
        _harness.AdvanceTo(Minute1);
        await _harness.RequestsAsync(1);

        _harness.Time.Advance(TimeSpan.FromSeconds(7));
        await _harness.Engine.RunJobAsync(SchedulerHarness.JobName("forced"));
        await _harness.RequestsAsync(2);

        Assert.Equal("2026-01-01T00:01:07Z", ScheduleTimes()[1]);
        _firstAnswer.SetResult(FakeDeliverer.Status(200));
        await _harness.SettledAsync();
    }
}
