using System.Globalization;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;
using static Tidings.Tasks.Tests.Support.FakeDeliverer;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>
/// An HTTP task answered 503, then 404, then 200 (the scenario Google's dispatch was recorded in, reference §1.10):
/// the request and its X-CloudTasks-* headers on each attempt, and the task's counts and attempts between them.
/// </summary>
public sealed class HttpDispatchHeadersTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync();
        await _harness.CreateQueueAsync("orders", q => q.RetryConfig = new RetryConfig { MinBackoff = EngineHarness.Seconds(1), MaxBackoff = EngineHarness.Seconds(10) });
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task CreateAsync() => _harness.CreateHttpTaskAsync("orders", "order-7", task =>
    {
        task.HttpRequest.Url = "https://target.test/hook?x=1";
        task.HttpRequest.HttpMethod = HttpMethod.Put;
        task.HttpRequest.Body = ByteString.CopyFromUtf8("payload");
        task.HttpRequest.Headers.Add("content-type", "application/json");
        task.HttpRequest.Headers.Add("X-Mixed-Case", "preserve-me");
        task.HttpRequest.Headers.Add("User-Agent", "caller/1.0");
    });

    [Fact]
    public async Task Retries_503_404_200_HeadersCountAsGoogleDoes()
    {
        _harness.Deliverer.Answer(503, 404, 200);
        await CreateAsync();
        await _harness.WaitForAttemptsAsync("orders", 1);
        var afterFirst = await _harness.GetTaskAsync(_harness.TaskName("orders", "order-7"));
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _harness.WaitForAttemptsAsync("orders", 2);
        var afterSecond = await _harness.GetTaskAsync(_harness.TaskName("orders", "order-7"));
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        await _harness.WaitForAttemptsAsync("orders", 3);

        var requests = _harness.Deliverer.Requests.ToArray();
        Assert.Equal(["0", "1", "2"], requests.Select(r => Header(r, "X-CloudTasks-TaskRetryCount")));
        Assert.Equal(["0", "0", "1"], requests.Select(r => Header(r, "X-CloudTasks-TaskExecutionCount")));
        Assert.Equal([null, "503", "404"], requests.Select(r => Header(r, "X-CloudTasks-TaskPreviousResponse")));
        Assert.Equal([null, "", ""], requests.Select(r => Header(r, "X-CloudTasks-TaskRetryReason")));
        Assert.All(requests, r =>
        {
            Assert.Equal("orders", Header(r, "X-CloudTasks-QueueName"));
            Assert.Equal("order-7", Header(r, "X-CloudTasks-TaskName"));
            Assert.Equal("Google-Cloud-Tasks", Header(r, "User-Agent"));
            Assert.Equal("preserve-me", Header(r, "X-Mixed-Case"));
            Assert.Equal("application/json", r.ContentType);
            Assert.Null(Header(r, "content-type"));
            Assert.Equal("PUT", r.Method);
            Assert.Equal(new Uri("https://target.test/hook?x=1"), r.Endpoint);
            Assert.Equal("payload", System.Text.Encoding.UTF8.GetString(r.Body.Span));
            Assert.Equal(TimeSpan.FromMinutes(10), r.Timeout);
            Assert.Null(r.Oidc);
            Assert.Null(r.OAuth);
        });
        Assert.Equal(Eta(afterFirst.ScheduleTime.ToDateTimeOffset()), Header(requests[1], "X-CloudTasks-TaskETA"));
        Assert.Equal(Eta(afterSecond.ScheduleTime.ToDateTimeOffset()), Header(requests[2], "X-CloudTasks-TaskETA"));
        var gone = await Assert.ThrowsAsync<TidingsException>(() => _harness.GetTaskAsync(_harness.TaskName("orders", "order-7")));
        Assert.Equal(ErrorCode.NotFound, gone.Code);
        Assert.StartsWith("The task no longer exists", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedAttempts_CountedOnTheTask_FirstAttemptKeepsOnlyItsDispatchTime()
    {
        _harness.Deliverer.Answer(503, 404);
        await CreateAsync();
        var created = _harness.Time.GetUtcNow();
        await _harness.WaitForAttemptsAsync("orders", 1);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _harness.WaitForAttemptsAsync("orders", 2);

        var task = await _harness.GetTaskAsync(_harness.TaskName("orders", "order-7"));

        Assert.Equal(2, task.DispatchCount);
        Assert.Equal(2, task.ResponseCount);
        Assert.Equal(created, task.FirstAttempt.DispatchTime.ToDateTimeOffset());
        Assert.Null(task.FirstAttempt.ScheduleTime);
        Assert.Null(task.FirstAttempt.ResponseTime);
        var last = task.LastAttempt;
        Assert.Equal(created.AddSeconds(1), last.DispatchTime.ToDateTimeOffset());
        Assert.Equal(created.AddSeconds(1), last.ScheduleTime.ToDateTimeOffset());
        Assert.Equal(created.AddSeconds(1), last.ResponseTime.ToDateTimeOffset());
        Assert.Equal((int)Google.Rpc.Code.NotFound, last.ResponseStatus.Code);
        // Second failure: min_backoff doubled, from the failure.
        Assert.Equal(created.AddSeconds(3), task.ScheduleTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task TimedOutAttempt_RetriedWithoutPreviousResponse_CountsAsADispatchNotAResponse()
    {
        _harness.Deliverer.Answer(_ => Task.FromResult(TimedOut()));
        await CreateAsync();
        await _harness.WaitForAttemptsAsync("orders", 1);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _harness.WaitForAttemptsAsync("orders", 2);

        var retry = _harness.Deliverer.Request(1);
        Assert.Equal("1", Header(retry, "X-CloudTasks-TaskRetryCount"));
        Assert.Equal("0", Header(retry, "X-CloudTasks-TaskExecutionCount"));
        Assert.Null(Header(retry, "X-CloudTasks-TaskPreviousResponse"));
        Assert.Null(Header(retry, "X-CloudTasks-TaskRetryReason"));
    }

    [Fact]
    public async Task OidcAndOAuth_DefaultAudienceIsTheUrl_DefaultScopeIsCloudPlatform()
    {
        await _harness.CreateHttpTaskAsync("orders", "oidc", t => t.HttpRequest.OidcToken = new OidcToken { ServiceAccountEmail = "sa@p.iam.gserviceaccount.com" });
        await _harness.WaitForAttemptsAsync("orders", 1);
        await _harness.CreateHttpTaskAsync("orders", "oauth", t => t.HttpRequest.OauthToken = new OAuthToken { ServiceAccountEmail = "sa@p.iam.gserviceaccount.com" });
        await _harness.WaitForAttemptsAsync("orders", 2);

        var oidc = _harness.Deliverer.Request(0).Oidc!;
        var oauth = _harness.Deliverer.Request(1).OAuth!;
        Assert.Equal("http://target.test/work", oidc.Audience);
        Assert.Equal("sa@p.iam.gserviceaccount.com", oidc.ServiceAccountEmail);
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", oauth.Scope);
    }

    private static string Eta(DateTimeOffset time)
    {
        var micros = (time - DateTimeOffset.UnixEpoch).Ticks / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }
}
