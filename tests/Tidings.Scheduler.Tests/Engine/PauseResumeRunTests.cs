using Google.Cloud.Scheduler.V1;
using Tidings.Kernel.Errors;
using Tidings.Scheduler.Tests.Support;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>Pause stops runs, resume restarts the schedule from now without making up missed runs, run fires once now; wrong states are refused.</summary>
public sealed class PauseResumeRunTests : IDisposable
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private static readonly string Name = SchedulerHarness.JobName("pausable");
    private readonly SchedulerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Pause_Enabled_NoRunsWhilePausedAndNoScheduleTime()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("pausable"));
        var paused = await _harness.Engine.PauseJobAsync(Name);

        Assert.Equal(Job.Types.State.Paused, paused.State);
        Assert.Null(paused.ScheduleTime);
        _harness.AdvanceTo(Minute1.AddMinutes(3));
        await _harness.Engine.RunJobAsync(Name); // a forced run still goes out, and is the only request
        await _harness.RequestsAsync(1);
        await _harness.SettledAsync();
        Assert.Single(_harness.Deliverer.Requests);
    }

    [Fact]
    public async Task Pause_WhileAnAttemptIsInFlight_ItEndsWithoutRetries()
    {
        var answer = new TaskCompletionSource<Delivery.DeliveryResult>();
        _harness.Deliverer.Respond = _ => answer.Task;
        await _harness.CreateAsync(SchedulerHarness.HttpJob("pausable", retry: new RetryConfig { RetryCount = 3 }));
        _harness.AdvanceTo(Minute1);
        await _harness.RequestsAsync(1);

        await _harness.Engine.PauseJobAsync(Name);
        answer.SetResult(FakeDeliverer.Status(500));
        await _harness.SettledAsync();
        _harness.AdvanceTo(Minute1.AddMinutes(10));

        var job = _harness.Get("pausable");
        Assert.Equal((Job.Types.State.Paused, 13), (job.State, job.Status.Code));
        Assert.Null(job.ScheduleTime);
        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(200));
        await _harness.Engine.RunJobAsync(Name); // the next request is the forced run, not a retry
        await _harness.RequestsAsync(2);
        Assert.Equal("2026-01-01T00:11:00Z", _harness.Deliverer.Header(_harness.Deliverer.Requests.Last(), "X-CloudScheduler-ScheduleTime"));
    }

    [Fact]
    public async Task PauseTwice_FailedPrecondition()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("pausable"));
        await _harness.Engine.PauseJobAsync(Name);
        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.Engine.PauseJobAsync(Name));
        Assert.Equal((ErrorCode.FailedPrecondition, "Job has been paused."), (error.Code, error.Message));
    }

    [Fact]
    public async Task Resume_NotPaused_FailedPrecondition()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("pausable"));
        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.Engine.ResumeJobAsync(Name));
        Assert.Equal(ErrorCode.FailedPrecondition, error.Code);
    }

    [Fact]
    public async Task Resume_AfterMissedInstants_NextFutureInstantOnly()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("pausable"));
        await _harness.Engine.PauseJobAsync(Name);
        _harness.AdvanceTo(Minute1.AddMinutes(2).AddSeconds(20));

        var resumed = await _harness.Engine.ResumeJobAsync(Name);

        Assert.Equal(Job.Types.State.Enabled, resumed.State);
        Assert.Equal(Minute1.AddMinutes(3), resumed.ScheduleTime.ToDateTimeOffset());
        _harness.AdvanceTo(Minute1.AddMinutes(3));
        await _harness.RequestsAsync(1);
        Assert.Equal("2026-01-01T00:04:00Z", _harness.Deliverer.Header(_harness.Deliverer.Requests.Single(), "X-CloudScheduler-ScheduleTime"));
    }

    [Fact]
    public async Task Run_Enabled_OneAttemptNowStatusRecordedScheduleUntouched()
    {
        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(404));
        await _harness.CreateAsync(SchedulerHarness.HttpJob("pausable", retry: new RetryConfig { RetryCount = 3 }));
        _harness.Time.Advance(TimeSpan.FromSeconds(5));

        var ran = await _harness.Engine.RunJobAsync(Name);
        await _harness.RequestsAsync(1);
        await _harness.SettledAsync();

        Assert.Equal(SchedulerHarness.Start.AddSeconds(5), ran.LastAttemptTime.ToDateTimeOffset());
        Assert.Equal("2026-01-01T00:00:35Z", _harness.Deliverer.Header(_harness.Deliverer.Requests.Single(), "X-CloudScheduler-ScheduleTime"));
        var job = _harness.Get("pausable");
        Assert.Equal(5, job.Status.Code);
        Assert.Equal(Minute1, job.ScheduleTime.ToDateTimeOffset());
    }
}
