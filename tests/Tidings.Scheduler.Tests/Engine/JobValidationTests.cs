using Google.Cloud.Scheduler.V1;
using Tidings.Kernel.Errors;
using Tidings.Scheduler.Tests.Support;
using HttpMethod = Google.Cloud.Scheduler.V1.HttpMethod;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>CreateJob refuses what Google refuses, with the catalogue's texts.</summary>
public sealed class JobValidationTests : IDisposable
{
    private readonly SchedulerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private async Task<string> RefusedAsync(Job job, string parent = SchedulerHarness.Parent)
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.Engine.CreateJobAsync(parent, job));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        return error.Message;
    }

    private static Job With(Action<Job> change)
    {
        var job = SchedulerHarness.HttpJob("v");
        change(job);
        return job;
    }

    [Fact]
    public async Task CreateJob_BadScheduleOrZoneOrNone_GooglesText()
    {
        Assert.Equal("Schedule or time zone is invalid.", await RefusedAsync(With(j => j.Schedule = "every minute")));
        Assert.Equal("Schedule or time zone is invalid.", await RefusedAsync(With(j => j.Schedule = "")));
        Assert.Equal("Schedule or time zone is invalid.", await RefusedAsync(With(j => j.TimeZone = "EST")));
    }

    [Fact]
    public async Task CreateJob_RetryCountOutOfRange_Refused()
    {
        Assert.Equal("retry_count must be between 0 and 5 (got 6).", await RefusedAsync(With(j => j.RetryConfig = new RetryConfig { RetryCount = 6 })));
        Assert.Equal("retry_count must be between 0 and 5 (got -1).", await RefusedAsync(With(j => j.RetryConfig = new RetryConfig { RetryCount = -1 })));
    }

    [Fact]
    public async Task CreateJob_AttemptDeadlineOutOfRange_GooglesText()
    {
        Assert.Equal("attempt_deadline must be between 15s and 30m0s", await RefusedAsync(With(j => j.AttemptDeadline = SchedulerHarness.Seconds(14))));
        Assert.Equal("attempt_deadline must be between 15s and 30m0s", await RefusedAsync(With(j => j.AttemptDeadline = SchedulerHarness.Seconds(1801))));
        var appEngine = new Job
        {
            Name = SchedulerHarness.JobName("ae"),
            Schedule = "* * * * *",
            AppEngineHttpTarget = new AppEngineHttpTarget { RelativeUri = "/x" },
            AttemptDeadline = SchedulerHarness.Seconds((24 * 3600) + 16),
        };
        Assert.Equal("attempt_deadline must be between 15s and 24h0m15s", await RefusedAsync(appEngine));
    }

    [Fact]
    public async Task CreateJob_AttemptDeadlineOnPubsub_Ignored()
    {
        var job = new Job
        {
            Name = SchedulerHarness.JobName("ps"),
            Schedule = "* * * * *",
            PubsubTarget = new PubsubTarget { TopicName = "projects/p/topics/topic", Data = SchedulerHarness.Bytes("x") },
            AttemptDeadline = SchedulerHarness.Seconds(1),
        };
        Assert.Equal(1, (await _harness.CreateAsync(job)).AttemptDeadline.Seconds);
    }

    [Fact]
    public async Task CreateJob_Targets_GoogleRules()
    {
        Assert.Equal("A job needs a target: one of http_target, pubsub_target or app_engine_http_target.",
            await RefusedAsync(new Job { Name = SchedulerHarness.JobName("none"), Schedule = "* * * * *" }));
        Assert.Equal("The HTTP target uri must be a valid HTTP or HTTPS URL of at most 2083 characters (got \"ftp://x/y\").",
            await RefusedAsync(With(j => j.HttpTarget.Uri = "ftp://x/y")));
        Assert.Equal("A request body is not allowed with HTTP method GET.",
            await RefusedAsync(With(j => { j.HttpTarget.HttpMethod = HttpMethod.Get; j.HttpTarget.Body = SchedulerHarness.Bytes("b"); })));
        Assert.Equal("Pubsub message must contain either non-empty data, or at least one attribute.",
            await RefusedAsync(new Job { Name = SchedulerHarness.JobName("empty"), Schedule = "* * * * *", PubsubTarget = new PubsubTarget { TopicName = "projects/p/topics/topic" } }));
        Assert.Equal("The Pub/Sub topic projects/other/topics/topic must be in the same project as the job (p).",
            await RefusedAsync(new Job { Name = SchedulerHarness.JobName("away"), Schedule = "* * * * *", PubsubTarget = new PubsubTarget { TopicName = "projects/other/topics/topic", Data = SchedulerHarness.Bytes("x") } }));
        Assert.Equal("HTTP method PATCH is not permitted for App Engine targets.",
            await RefusedAsync(new Job { Name = SchedulerHarness.JobName("ae"), Schedule = "* * * * *", AppEngineHttpTarget = new AppEngineHttpTarget { HttpMethod = HttpMethod.Patch } }));
    }

    [Fact]
    public async Task CreateJob_NamesWrong_Refused()
    {
        Assert.StartsWith("Job name must be formatted", await RefusedAsync(With(j => j.Name = "projects/p/locations/l/jobs/bad.id")));
        Assert.StartsWith("Parent must be formatted", await RefusedAsync(SchedulerHarness.HttpJob("v"), "projects/p"));
        Assert.StartsWith("The location name from request", await RefusedAsync(With(j => j.Name = "projects/p/locations/other/jobs/v")));
    }
}
