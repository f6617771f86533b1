using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Tests.Tasks;

/// <summary>CreateTask: what the server fills in (ids, times, defaults, Google's headers) for tasks it accepts.</summary>
public sealed class CreateTaskTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync();
        await _harness.CreateQueueAsync("q");
        // Paused: these tests look at tasks as created, not at their dispatch.
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("q"), CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(123.4567));
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task CreateTask_Unnamed_GeneratedNumericIdInTheQueue()
    {
        var first = await _harness.CreateHttpTaskAsync("q");
        var second = await _harness.CreateHttpTaskAsync("q");

        var id = first.Name[(_harness.QueueName("q") + "/tasks/").Length..];
        Assert.StartsWith(_harness.QueueName("q") + "/tasks/", first.Name, StringComparison.Ordinal);
        Assert.True(ulong.TryParse(id, out _), id);
        Assert.NotEqual(first.Name, second.Name);
        Assert.Equal(first, await _harness.GetTaskAsync(first.Name));
    }

    [Fact]
    public async Task CreateTask_Defaults_ScheduleNowCreateTimeInSecondsDeadlineTenMinutesPost()
    {
        var task = await _harness.CreateHttpTaskAsync("q", "defaults");

        var now = _harness.Time.GetUtcNow();
        Assert.Equal(now.UtcTicks - (now.UtcTicks % 10), task.ScheduleTime.ToDateTimeOffset().UtcTicks);
        Assert.Equal(EngineHarness.Start, task.CreateTime.ToDateTimeOffset());
        Assert.Equal(TimeSpan.FromMinutes(10), task.DispatchDeadline.ToTimeSpan());
        Assert.Equal(HttpMethod.Post, task.HttpRequest.HttpMethod);
        Assert.Equal(0, task.DispatchCount);
        Assert.Null(task.FirstAttempt);
        Assert.Equal(CloudTask.Types.View.Full, task.View);
    }

    [Fact]
    public async Task CreateTask_ScheduleInThePast_IsNow()
    {
        var task = await _harness.CreateHttpTaskAsync("q", "past", t => t.ScheduleTime = Timestamp.FromDateTimeOffset(EngineHarness.Start.AddHours(-1)));

        Assert.True(task.ScheduleTime.ToDateTimeOffset() >= EngineHarness.Start);
    }

    [Fact]
    public async Task CreateTask_HttpHeaders_CallerCasingKept_GoogleUserAgentReplacesTheCallers_NoContentTypeAdded()
    {
        var task = await _harness.CreateHttpTaskAsync("q", "headers", t =>
        {
            t.HttpRequest.Headers.Add("X-Mixed-Case", "preserve-me");
            t.HttpRequest.Headers.Add("user-agent", "mine/1.0");
            t.HttpRequest.Headers.Add("X-CloudTasks-TaskName", "forged");
        });

        Assert.Equal(new Dictionary<string, string> { ["X-Mixed-Case"] = "preserve-me", ["User-Agent"] = "Google-Cloud-Tasks" },
            task.HttpRequest.Headers);
    }

    [Fact]
    public async Task CreateTask_AppEngine_HeadersRoutingAndRelativeUriCompleted()
    {
        var task = await _harness.Engine.CreateTaskAsync(_harness.QueueName("q"), new CloudTask
        {
            Name = _harness.TaskName("q", "app"),
            AppEngineHttpRequest = new AppEngineHttpRequest
            {
                Body = ByteString.CopyFromUtf8("{\"hello\":\"world\"}"),
                Headers = { ["X-Mixed-Case"] = "preserve-me" },
                AppEngineRouting = new AppEngineRouting { Service = "worker", Version = "v2" },
            },
        }, CloudTask.Types.View.Full, CancellationToken.None);

        var request = task.AppEngineHttpRequest;
        Assert.Equal("/", request.RelativeUri);
        Assert.Equal(HttpMethod.Post, request.HttpMethod);
        Assert.Equal("v2.worker.localhost:8080", request.AppEngineRouting.Host);
        Assert.Equal(new Dictionary<string, string>
        {
            ["X-Mixed-Case"] = "preserve-me",
            ["User-Agent"] = "AppEngine-Google; (+http://code.google.com/appengine)",
            ["Content-Length"] = "17",
            ["Content-Type"] = "application/octet-stream",
        }, request.Headers);
        Assert.Null(task.DispatchDeadline);
    }

    [Fact]
    public async Task CreateTask_AppEngineWithCallerContentType_KeptAsGiven()
    {
        var task = await _harness.Engine.CreateTaskAsync(_harness.QueueName("q"), new CloudTask
        {
            AppEngineHttpRequest = new AppEngineHttpRequest
            {
                RelativeUri = "/work?x=1",
                Body = ByteString.CopyFromUtf8("{}"),
                Headers = { ["content-type"] = "application/json" },
            },
        }, CloudTask.Types.View.Full, CancellationToken.None);

        Assert.Equal("application/json", task.AppEngineHttpRequest.Headers["content-type"]);
        Assert.False(task.AppEngineHttpRequest.Headers.ContainsKey("Content-Type"));
        Assert.Equal("/work?x=1", task.AppEngineHttpRequest.RelativeUri);
    }

    [Fact]
    public async Task CreateTask_BasicView_AppEngineBodyLeftOut_HttpBodyShown()
    {
        var appEngine = await _harness.Engine.CreateTaskAsync(_harness.QueueName("q"), new CloudTask
        {
            AppEngineHttpRequest = new AppEngineHttpRequest { Body = ByteString.CopyFromUtf8("secret") },
        }, CloudTask.Types.View.Unspecified, CancellationToken.None);
        var http = await _harness.Engine.CreateTaskAsync(_harness.QueueName("q"), new CloudTask
        {
            HttpRequest = new HttpRequest { Url = "https://target.test/", Body = ByteString.CopyFromUtf8("shown") },
        }, CloudTask.Types.View.Basic, CancellationToken.None);

        Assert.Equal(CloudTask.Types.View.Basic, appEngine.View);
        Assert.True(appEngine.AppEngineHttpRequest.Body.IsEmpty);
        Assert.Equal("secret", (await _harness.GetTaskAsync(appEngine.Name)).AppEngineHttpRequest.Body.ToStringUtf8());
        Assert.Equal("shown", http.HttpRequest.Body.ToStringUtf8());
    }

    [Fact]
    public async Task CreateTask_DeadlineAndScheduleAtTheirLimits_Accepted()
    {
        var now = _harness.Time.GetUtcNow();
        var shortest = await _harness.CreateHttpTaskAsync("q", "shortest", t => t.DispatchDeadline = EngineHarness.Seconds(15));
        var longest = await _harness.CreateHttpTaskAsync("q", "longest", t =>
        {
            t.DispatchDeadline = EngineHarness.Seconds(1800);
            t.ScheduleTime = Timestamp.FromDateTimeOffset(now.AddDays(30));
        });

        Assert.Equal(TimeSpan.FromSeconds(15), shortest.DispatchDeadline.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(1800), longest.DispatchDeadline.ToTimeSpan());
        Assert.Equal(now.AddDays(30).UtcTicks / 10, longest.ScheduleTime.ToDateTimeOffset().UtcTicks / 10);
    }

    [Fact]
    public async Task CreateTask_TaskIdOf500Characters_Accepted()
    {
        var id = new string('x', 499) + "_";

        var task = await _harness.CreateHttpTaskAsync("q", id);

        Assert.EndsWith("/tasks/" + id, task.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTask_InMissingQueue_QueueNotFound()
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateHttpTaskAsync("nope"));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.", error.Message);
    }
}
