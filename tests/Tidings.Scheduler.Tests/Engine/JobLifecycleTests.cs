using Google.Cloud.Scheduler.V1;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Errors;
using Tidings.Scheduler.Tests.Support;
using HttpMethod = Google.Cloud.Scheduler.V1.HttpMethod;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>Create, get, list with paging, update with masks and delete; the defaults a job shows; NOT_FOUND and ALREADY_EXISTS.</summary>
public sealed class JobLifecycleTests : IDisposable
{
    private readonly SchedulerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task CreateJob_HttpTarget_ShowsDefaultsAndNextScheduleTime()
    {
        var job = await _harness.CreateAsync(SchedulerHarness.HttpJob("daily", "0 9 * * *", "Europe/Berlin"));

        Assert.Equal(SchedulerHarness.JobName("daily"), job.Name);
        Assert.Equal(Job.Types.State.Enabled, job.State);
        Assert.Equal(HttpMethod.Post, job.HttpTarget.HttpMethod);
        Assert.Equal(TimeSpan.FromMinutes(3), job.AttemptDeadline.ToTimeSpan());
        Assert.Equal(new RetryConfig
        {
            RetryCount = 0,
            MaxRetryDuration = SchedulerHarness.Seconds(0),
            MinBackoffDuration = SchedulerHarness.Seconds(5),
            MaxBackoffDuration = SchedulerHarness.Seconds(3600),
            MaxDoublings = 5,
        }, job.RetryConfig);
        Assert.Equal(Timestamp.FromDateTimeOffset(SchedulerHarness.Start), job.UserUpdateTime);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero), job.ScheduleTime.ToDateTimeOffset());
        Assert.Null(job.LastAttemptTime);
        Assert.Null(job.Status);
        Assert.Equal(job, _harness.Get("daily"));
    }

    [Fact]
    public async Task CreateJob_WithoutName_GetsAGeneratedId()
    {
        var request = SchedulerHarness.HttpJob("x");
        request.Name = "";
        var job = await _harness.CreateAsync(request);
        Assert.Matches(@"^projects/p/locations/l/jobs/\d{20}$", job.Name);
    }

    [Fact]
    public async Task CreateJob_SameNameTwice_AlreadyExists()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("twice"));
        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateAsync(SchedulerHarness.HttpJob("twice")));
        Assert.Equal(ErrorCode.AlreadyExists, error.Code);
        Assert.Equal($"Job {SchedulerHarness.JobName("twice")} already exists.", error.Message);
    }

    [Fact]
    public async Task GetUpdateDeletePauseResumeRun_MissingJob_NotFound()
    {
        var name = SchedulerHarness.JobName("missing");
        var calls = new Func<Task>[]
        {
            () => Task.FromResult(_harness.Engine.GetJob(name)),
            () => _harness.Engine.UpdateJobAsync(SchedulerHarness.HttpJob("missing"), null),
            () => _harness.Engine.DeleteJobAsync(name),
            () => _harness.Engine.PauseJobAsync(name),
            () => _harness.Engine.ResumeJobAsync(name),
            () => _harness.Engine.RunJobAsync(name),
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<TidingsException>(call);
            Assert.Equal((ErrorCode.NotFound, "Job not found."), (error.Code, error.Message));
        }
    }

    [Fact]
    public async Task ListJobs_Paged_EveryJobOnceInNameOrderAndOnlyItsLocation()
    {
        for (var i = 0; i < 5; i++)
        {
            await _harness.CreateAsync(SchedulerHarness.HttpJob($"job-{i}"));
        }
        var elsewhere = SchedulerHarness.HttpJob("other");
        elsewhere.Name = "projects/p/locations/elsewhere/jobs/other";
        await _harness.Engine.CreateJobAsync("projects/p/locations/elsewhere", elsewhere);

        var names = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = _harness.Engine.ListJobs(SchedulerHarness.Parent, 2, token);
            names.AddRange(page.Items.Select(job => job.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => SchedulerHarness.JobName($"job-{i}")), names);
        Assert.Equal(5, _harness.Engine.ListJobs(SchedulerHarness.Parent, 0, "").Items.Count);
    }

    [Fact]
    public async Task UpdateJob_Mask_ChangesOnlyNamedFieldsAndIgnoresOutputOnly()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("masked", "0 9 * * *"));
        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        var request = new Job
        {
            Name = SchedulerHarness.JobName("masked"),
            Schedule = "0 10 * * *",
            Description = "not in the mask",
            State = Job.Types.State.Paused,
            RetryConfig = new RetryConfig { RetryCount = 3 },
        };
        var mask = new FieldMask { Paths = { "schedule", "retry_config.retry_count", "state" } };

        var updated = await _harness.Engine.UpdateJobAsync(request, mask);

        Assert.Equal("0 10 * * *", updated.Schedule);
        Assert.Equal("", updated.Description);
        Assert.Equal(Job.Types.State.Enabled, updated.State);
        Assert.Equal(3, updated.RetryConfig.RetryCount);
        Assert.Equal(5, updated.RetryConfig.MaxDoublings);
        Assert.Equal("http://receiver.test/hook", updated.HttpTarget.Uri);
        Assert.Equal(Timestamp.FromDateTimeOffset(SchedulerHarness.Start.AddSeconds(5)), updated.UserUpdateTime);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), updated.ScheduleTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task UpdateJob_MaskInJsonNames_SameAsProtoNames()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("camel"));
        var request = new Job { Name = SchedulerHarness.JobName("camel"), TimeZone = "Asia/Tokyo", RetryConfig = new RetryConfig { RetryCount = 4 } };

        var updated = await _harness.Engine.UpdateJobAsync(request, new FieldMask { Paths = { "timeZone", "retryConfig.retryCount" } });

        Assert.Equal(("Asia/Tokyo", 4), (updated.TimeZone, updated.RetryConfig.RetryCount));
    }

    [Fact]
    public async Task UpdateJob_MaskOnMapsAndNestedTargetFields_ReplacedWhole()
    {
        var job = SchedulerHarness.HttpJob("maps");
        job.HttpTarget.Headers.Add("X-Old", "1");
        await _harness.CreateAsync(job);
        var request = new Job { Name = SchedulerHarness.JobName("maps"), HttpTarget = new HttpTarget { Uri = "http://other.test/", Headers = { ["X-New"] = "2" } } };

        var updated = await _harness.Engine.UpdateJobAsync(request, new FieldMask { Paths = { "http_target.headers", "http_target.uri" } });

        Assert.Equal("http://other.test/", updated.HttpTarget.Uri);
        Assert.Equal(new Dictionary<string, string> { ["X-New"] = "2" }, updated.HttpTarget.Headers);
        Assert.Equal(HttpMethod.Post, updated.HttpTarget.HttpMethod);
    }

    [Fact]
    public async Task UpdateJob_UnknownMaskPath_Refused()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("unknown-path"));
        var error = await Assert.ThrowsAsync<TidingsException>(() =>
            _harness.Engine.UpdateJobAsync(SchedulerHarness.HttpJob("unknown-path"), new FieldMask { Paths = { "colour" } }));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task UpdateJob_InvalidSchedule_RefusedAndJobUnchanged()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("stays"));
        var error = await Assert.ThrowsAsync<TidingsException>(() =>
            _harness.Engine.UpdateJobAsync(new Job { Name = SchedulerHarness.JobName("stays"), Schedule = "61 * * * *" }, new FieldMask { Paths = { "schedule" } }));
        Assert.Equal("Schedule or time zone is invalid.", error.Message);
        Assert.Equal("* * * * *", _harness.Get("stays").Schedule);
    }

    [Fact]
    public async Task DeleteJob_Existing_GoneFromGetAndList()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("doomed"));
        await _harness.Engine.DeleteJobAsync(SchedulerHarness.JobName("doomed"));
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<TidingsException>(() => _harness.Get("doomed")).Code);
        Assert.Empty(_harness.Engine.ListJobs(SchedulerHarness.Parent, 0, "").Items);
    }
}
