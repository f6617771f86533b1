using Tidings.Scheduler.Tests.Support;

namespace Tidings.Scheduler.Tests.Monitoring;

/// <summary>The statistics read model: each job's state, attempts by result, last and next attempt.</summary>
public sealed class SchedulerStatisticsTests : IDisposable
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private readonly SchedulerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task ScheduledRetryAndManualRuns_CountedByResult()
    {
        _harness.Deliverer.FailFirst(1, 503);
        await _harness.CreateAsync(SchedulerHarness.HttpJob("nightly", retry: new Google.Cloud.Scheduler.V1.RetryConfig { RetryCount = 1 }));
        var before = Assert.Single(_harness.Engine.GetStatistics().Jobs);
        Assert.Equal(("ENABLED", Minute1, (DateTimeOffset?)null), (before.State, before.NextAttemptTime, before.LastAttemptTime));
        Assert.Empty(before.AttemptsByResult);

        _harness.AdvanceTo(Minute1);
        await _harness.RequestsAsync(1);
        await _harness.SettledAsync();
        _harness.AdvanceTo(Minute1.AddSeconds(5));
        await _harness.RequestsAsync(2);
        await _harness.SettledAsync();
        await _harness.Engine.RunJobAsync(SchedulerHarness.JobName("nightly"));
        await _harness.RequestsAsync(3);
        await _harness.SettledAsync();

        var job = Assert.Single(_harness.Engine.GetStatistics("p").Jobs);
        Assert.Equal((SchedulerHarness.JobName("nightly"), "p", "l", "nightly"), (job.Name, job.ProjectId, job.LocationId, job.JobId));
        Assert.Equal(new Dictionary<string, long> { ["UNAVAILABLE"] = 1, ["OK"] = 2 }, job.AttemptsByResult);
        Assert.Equal(Minute1.AddSeconds(5), job.LastAttemptTime);
        Assert.Equal(Minute1.AddMinutes(1), job.NextAttemptTime);
        Assert.Empty(_harness.Engine.GetStatistics("other").Jobs);
    }
}
