using Tidings.Kernel.Errors;
using Tidings.Scheduler.Inspection;
using Tidings.Scheduler.Tests.Support;

namespace Tidings.Scheduler.Tests.Inspection;

/// <summary>A job's recent runs, newest first: scheduled and manual, with each outcome, capped, and gone with the job.</summary>
public sealed class RunHistoryTests : IDisposable
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private static readonly string Name = SchedulerHarness.JobName("nightly");
    private readonly SchedulerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task RunHistory_ScheduledFailureThenManualSuccess_NewestFirstWithOutcomes()
    {
        _harness.Deliverer.FailFirst(1, 500);
        await _harness.CreateAsync(SchedulerHarness.HttpJob("nightly"));
        _harness.AdvanceTo(Minute1);
        await _harness.RequestsAsync(1);
        await _harness.SettledAsync();

        await _harness.Engine.RunJobAsync(Name);
        await _harness.RequestsAsync(2);
        await _harness.SettledAsync();

        var runs = _harness.Engine.GetRunHistory(Name);
        Assert.Equal(2, runs.Count);
        Assert.Equal((true, 0), (runs[0].Manual, runs[0].Code));
        Assert.Equal((false, (int)ErrorCode.Internal, "2026-01-01T00:01:00Z"), (runs[1].Manual, runs[1].Code, runs[1].ScheduleTime));
        Assert.Equal(Minute1, runs[1].StartTime);
        Assert.Equal(Minute1, runs[1].EndTime);
    }

    [Fact]
    public async Task RunHistory_ManyRuns_KeepsTheNewest()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("nightly"));
        var total = JobRunHistory.RunsPerJob + 3;
        for (var run = 1; run <= total; run++)
        {
            _harness.AdvanceTo(Minute1.AddMinutes(run - 1));
            await _harness.RequestsAsync(run);
            await _harness.SettledAsync();
        }

        var runs = _harness.Engine.GetRunHistory(Name);

        Assert.Equal(JobRunHistory.RunsPerJob, runs.Count);
        Assert.Equal(Minute1.AddMinutes(total - 1), runs[0].StartTime);
    }

    [Fact]
    public async Task RunHistory_DeletedAndCreatedAgain_StartsEmpty()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("nightly"));
        await _harness.Engine.RunJobAsync(Name);
        await _harness.RequestsAsync(1);
        await _harness.SettledAsync();

        await _harness.Engine.DeleteJobAsync(Name);
        var missing = Assert.Throws<TidingsException>(() => _harness.Engine.GetRunHistory(Name));
        await _harness.CreateAsync(SchedulerHarness.HttpJob("nightly"));

        Assert.Equal(ErrorCode.NotFound, missing.Code);
        Assert.Empty(_harness.Engine.GetRunHistory(Name));
    }

    [Fact]
    public async Task ListAllJobs_JobsOfSeveralLocations_AllInNameOrder()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("nightly"));
        var other = SchedulerHarness.HttpJob("hourly");
        other.Name = "projects/other/locations/europe-west1/jobs/hourly";
        await _harness.Engine.CreateJobAsync("projects/other/locations/europe-west1", other);

        Assert.Equal([other.Name, Name], _harness.Engine.ListAllJobs().Select(job => job.Name));
    }
}
