using Google.Cloud.Scheduler.V1;
using Tidings.Scheduler.Tests.Support;
using HttpMethod = Google.Cloud.Scheduler.V1.HttpMethod;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>A job fires at its instant with Google's request: method, headers, content type, deadline, redirects, token.</summary>
public sealed class FiringTests : IDisposable
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private readonly SchedulerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task EveryMinute_AtTheInstant_OneRequestWithGooglesHeaders()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("fire"));

        _harness.AdvanceTo(Minute1);
        await _harness.RequestsAsync(1);
        await _harness.SettledAsync();

        var request = Assert.Single(_harness.Deliverer.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(new Uri("http://receiver.test/hook"), request.Endpoint);
        Assert.Null(request.ContentType);
        Assert.True(request.FollowRedirects);
        Assert.Equal(TimeSpan.FromMinutes(3), request.Timeout);
        Assert.Equal("true", _harness.Deliverer.Header(request, "X-CloudScheduler"));
        Assert.Equal("fire", _harness.Deliverer.Header(request, "X-CloudScheduler-JobName"));
        Assert.Equal("2026-01-01T00:01:00Z", _harness.Deliverer.Header(request, "X-CloudScheduler-ScheduleTime"));
        Assert.Equal("Google-Cloud-Scheduler", _harness.Deliverer.Header(request, "User-Agent"));

        var job = _harness.Get("fire");
        Assert.Equal(Minute1, job.LastAttemptTime.ToDateTimeOffset());
        Assert.Equal(0, job.Status.Code);
        Assert.Equal(Minute1.AddMinutes(1), job.ScheduleTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task UserHeadersAndBody_GooglesRules_ReservedDroppedUserAgentReplacedContentTypeDefaulted()
    {
        var job = SchedulerHarness.HttpJob("headers", "* * * * *", "America/New_York");
        job.HttpTarget.Body = SchedulerHarness.Bytes("{}");
        job.HttpTarget.Headers.Add("User-Agent", "mine");
        job.HttpTarget.Headers.Add("X-Google-Secret", "no");
        job.HttpTarget.Headers.Add("X-AppEngine-Country", "no");
        job.HttpTarget.Headers.Add("X-CloudScheduler-JobName", "spoofed");
        job.HttpTarget.Headers.Add("X-Custom", "kept");
        job.HttpTarget.OidcToken = new OidcToken { ServiceAccountEmail = "sa@p.iam.gserviceaccount.com" };
        await _harness.CreateAsync(job);

        _harness.AdvanceTo(Minute1);
        await _harness.RequestsAsync(1);

        var request = Assert.Single(_harness.Deliverer.Requests);
        Assert.Equal("application/octet-stream", request.ContentType);
        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(request.Body.Span));
        Assert.Equal("kept", _harness.Deliverer.Header(request, "X-Custom"));
        Assert.Equal("Google-Cloud-Scheduler", _harness.Deliverer.Header(request, "User-Agent"));
        Assert.Equal("headers", _harness.Deliverer.Header(request, "X-CloudScheduler-JobName"));
        Assert.Equal("2025-12-31T19:01:00-05:00", _harness.Deliverer.Header(request, "X-CloudScheduler-ScheduleTime"));
        Assert.DoesNotContain(request.Headers, h => h.Key.StartsWith("X-Google", StringComparison.OrdinalIgnoreCase) || h.Key.StartsWith("X-AppEngine", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(new Delivery.OidcTokenRequest("sa@p.iam.gserviceaccount.com", "http://receiver.test/hook"), request.Oidc);
    }

    [Fact]
    public async Task UserContentType_Kept()
    {
        var job = SchedulerHarness.HttpJob("json");
        job.HttpTarget.Body = SchedulerHarness.Bytes("{}");
        job.HttpTarget.Headers.Add("content-type", "application/json");
        job.HttpTarget.HttpMethod = HttpMethod.Put;
        await _harness.CreateAsync(job);

        _harness.AdvanceTo(Minute1);
        await _harness.RequestsAsync(1);

        var request = Assert.Single(_harness.Deliverer.Requests);
        Assert.Equal(("PUT", "application/json"), (request.Method, request.ContentType));
    }

    [Fact]
    public async Task AppEngineTarget_SentToTheConfiguredBaseUrl()
    {
        using var harness = new SchedulerHarness(options: new SchedulerOptions { AppEngineBaseUrl = new Uri("http://127.0.0.1:9999/base/") });
        await harness.CreateAsync(new Job
        {
            Name = SchedulerHarness.JobName("gae"),
            Schedule = "* * * * *",
            AppEngineHttpTarget = new AppEngineHttpTarget { RelativeUri = "/tasks/run?x=1", HttpMethod = HttpMethod.Get },
        });

        harness.AdvanceTo(Minute1);
        await harness.RequestsAsync(1);

        var request = Assert.Single(harness.Deliverer.Requests);
        Assert.Equal(new Uri("http://127.0.0.1:9999/base/tasks/run?x=1"), request.Endpoint);
        Assert.Equal("GET", request.Method);
        Assert.Equal("AppEngine-Google; (+http://code.google.com/appengine)", harness.Deliverer.Header(request, "User-Agent"));
        Assert.Equal("gae", harness.Deliverer.Header(request, "X-CloudScheduler-JobName"));
    }

    [Theory]
    [InlineData(404, 5)]
    [InlineData(500, 13)]
    [InlineData(503, 14)]
    [InlineData(403, 7)]
    public async Task FailedAttempt_HttpStatus_RecordedAsGoogleCode(int httpStatus, int rpcCode)
    {
        _harness.Deliverer.Respond = _ => Task.FromResult(FakeDeliverer.Status(httpStatus));
        await _harness.CreateAsync(SchedulerHarness.HttpJob("fails"));

        _harness.AdvanceTo(Minute1);
        await _harness.RequestsAsync(1);
        await Eventually.TrueAsync(() => _harness.Get("fails").Status is not null, "the attempt's status");

        var status = _harness.Get("fails").Status;
        Assert.Equal(rpcCode, status.Code);
        Assert.Equal($"The target answered HTTP {httpStatus}.", status.Message);
    }
}
