using Google.Cloud.Scheduler.V1;
using Tidings.Scheduler.Tests.Support;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>Failed runs are retried with Google's backoff, at most retry_count times and never into the next scheduled run.</summary>
public sealed class RetryTests : IDisposable
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private readonly SchedulerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private async Task AttemptAtAsync(DateTimeOffset at, int expectedRequests)
    {
        _harness.AdvanceTo(at);
        await _harness.RequestsAsync(expectedRequests);
        await _harness.SettledAsync();
    }

    private List<string> ScheduleTimes() =>
        [.. _harness.Deliverer.Requests.Select(r => _harness.Deliverer.Header(r, "X-CloudScheduler-ScheduleTime"))];

    [Fact]
    public async Task AlwaysFailing_RetriedRetryCountTimes_ThenFinalStatusInternal()
    {
        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(500));
        await _harness.CreateAsync(SchedulerHarness.HttpJob("flaky", retry: new RetryConfig { RetryCount = 2, MinBackoffDuration = SchedulerHarness.Seconds(10) }));

        await AttemptAtAsync(Minute1, 1);
        Assert.Equal(Minute1.AddSeconds(10), _harness.Get("flaky").ScheduleTime.ToDateTimeOffset());
        await AttemptAtAsync(Minute1.AddSeconds(10), 2);
        Assert.Equal(Minute1.AddSeconds(30), _harness.Get("flaky").ScheduleTime.ToDateTimeOffset());
        await AttemptAtAsync(Minute1.AddSeconds(30), 3);

        var job = _harness.Get("flaky");
        Assert.Equal(13, job.Status.Code);
        Assert.Equal(Minute1.AddSeconds(30), job.LastAttemptTime.ToDateTimeOffset());
        Assert.Equal(Minute1.AddMinutes(1), job.ScheduleTime.ToDateTimeOffset());
        Assert.All(ScheduleTimes(), time => Assert.Equal("2026-01-01T00:01:00Z", time));

        await AttemptAtAsync(Minute1.AddMinutes(1), 4);
        Assert.Equal("2026-01-01T00:02:00Z", ScheduleTimes()[3]);
    }

    [Fact]
    public async Task TargetThrowsUnexpectedly_AttemptEndsInternal_AndTheJobRunsAgain()
    {
        // Not a failure any target maps to a status (a fault inside the server): it must still end the attempt, or the
        // job stays in flight and never fires again.
        _harness.Deliverer.Respond = _ => Task.FromException<Tidings.Delivery.DeliveryResult>(new InvalidOperationException("boom"));
        await _harness.CreateAsync(SchedulerHarness.HttpJob("faulty"));

        await AttemptAtAsync(Minute1, 1);
        var job = _harness.Get("faulty");
        Assert.Equal(13, job.Status.Code);
        Assert.Equal("The attempt failed inside the server: boom", job.Status.Message);
        Assert.Equal(Minute1.AddMinutes(1), job.ScheduleTime.ToDateTimeOffset());

        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(200));
        await AttemptAtAsync(Minute1.AddMinutes(1), 2);
        Assert.Equal(0, _harness.Get("faulty").Status.Code);
    }

    [Fact]
    public async Task FailsThenSucceeds_FinalStatusOk()
    {
        _harness.Deliverer.FailFirst(1, 503);
        await _harness.CreateAsync(SchedulerHarness.HttpJob("recovers", retry: new RetryConfig { RetryCount = 1 }));

        await AttemptAtAsync(Minute1, 1);
        Assert.Equal(14, _harness.Get("recovers").Status.Code);
        await AttemptAtAsync(Minute1.AddSeconds(5), 2);

        Assert.Equal(0, _harness.Get("recovers").Status.Code);
        Assert.Equal(Minute1.AddMinutes(1), _harness.Get("recovers").ScheduleTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task RetryDueAtTheNextRun_NotMade_TheNextRunGoesAhead()
    {
        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(500));
        await _harness.CreateAsync(SchedulerHarness.HttpJob("crowded", retry: new RetryConfig { RetryCount = 5, MinBackoffDuration = SchedulerHarness.Seconds(20) }));

        await AttemptAtAsync(Minute1, 1);
        await AttemptAtAsync(Minute1.AddSeconds(20), 2);
        // The next retry would be 40 s later, at 00:02:00 exactly: the scheduled run takes its place.
        Assert.Equal(Minute1.AddMinutes(1), _harness.Get("crowded").ScheduleTime.ToDateTimeOffset());
        await AttemptAtAsync(Minute1.AddMinutes(1), 3);

        Assert.Equal(["2026-01-01T00:01:00Z", "2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z"], ScheduleTimes());
    }

    [Fact]
    public async Task TimedOut_DeadlineExceeded()
    {
        _harness.Deliverer.Respond = request => Task.FromResult(new Delivery.DeliveryResult(Delivery.DeliveryOutcome.TimedOut, 0, request.Timeout, "late"));
        await _harness.CreateAsync(SchedulerHarness.HttpJob("slow"));

        await AttemptAtAsync(Minute1, 1);

        Assert.Equal(4, _harness.Get("slow").Status.Code);
    }
}
