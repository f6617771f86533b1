using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Tidings.Tasks.Tests.Support;
using static Tidings.Tasks.Tests.Support.FakeDeliverer;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>
/// App Engine tasks go to the configured base URL with the routing in front of its host, carry the X-AppEngine-*
/// headers (whose execution count counts 5xx answers too, and whose retry reason is "App Error"), and Google's user
/// agent after the caller's.
/// </summary>
public sealed class AppEngineDispatchTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync(options: new TasksOptions { AppEngineBaseUrl = new Uri("http://apps.test:8080") });
        await _harness.CreateQueueAsync("app", q => q.RetryConfig = new RetryConfig { MinBackoff = EngineHarness.Seconds(1), MaxBackoff = EngineHarness.Seconds(1) });
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<CloudTask> CreateAsync(string id, AppEngineRouting? routing = null, string queue = "app") =>
        _harness.Engine.CreateTaskAsync(_harness.QueueName(queue), new CloudTask
        {
            Name = _harness.TaskName(queue, id),
            AppEngineHttpRequest = new AppEngineHttpRequest
            {
                RelativeUri = "/tasks/run?id=1",
                Body = ByteString.CopyFromUtf8("{\"a\":1}"),
                Headers = { ["User-Agent"] = "caller/2.0" },
                AppEngineRouting = routing,
            },
        }, CloudTask.Types.View.Full, CancellationToken.None);

    [Fact]
    public async Task Retries_503_404_200_AppEngineHeadersCountAsGoogleDoes()
    {
        _harness.Deliverer.Answer(503, 404, 200);
        await CreateAsync("job");
        await _harness.WaitForAttemptsAsync("app", 1);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _harness.WaitForAttemptsAsync("app", 2);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _harness.WaitForAttemptsAsync("app", 3);

        var requests = _harness.Deliverer.Requests.ToArray();
        Assert.Equal(["0", "1", "2"], requests.Select(r => Header(r, "X-AppEngine-TaskRetryCount")));
        Assert.Equal(["0", "1", "2"], requests.Select(r => Header(r, "X-AppEngine-TaskExecutionCount")));
        Assert.Equal([null, "503", "404"], requests.Select(r => Header(r, "X-AppEngine-TaskPreviousResponse")));
        Assert.Equal([null, "App Error", "App Error"], requests.Select(r => Header(r, "X-AppEngine-TaskRetryReason")));
        Assert.All(requests, r =>
        {
            Assert.Equal("app", Header(r, "X-AppEngine-QueueName"));
            Assert.Equal("job", Header(r, "X-AppEngine-TaskName"));
            Assert.NotNull(Header(r, "X-AppEngine-TaskETA"));
            Assert.Null(Header(r, "X-CloudTasks-QueueName"));
            Assert.Equal("caller/2.0 AppEngine-Google; (+http://code.google.com/appengine)", Header(r, "User-Agent"));
            Assert.Equal("application/octet-stream", r.ContentType);
            Assert.Equal(new Uri("http://apps.test:8080/tasks/run?id=1"), r.Endpoint);
            Assert.Equal("apps.test:8080", r.Host);
            Assert.Equal("POST", r.Method);
        });
    }

    [Fact]
    public async Task TaskRouting_PrefixesTheBaseHost()
    {
        var task = await CreateAsync("routed", new AppEngineRouting { Service = "worker", Version = "v1", Instance = "i3" });
        await _harness.WaitForAttemptsAsync("app", 1);

        Assert.Equal("i3.v1.worker.apps.test:8080", task.AppEngineHttpRequest.AppEngineRouting.Host);
        // Connected to the base URL, named by the routing: no DNS entry needed for the routed host.
        Assert.Equal(new Uri("http://apps.test:8080/tasks/run?id=1"), _harness.Deliverer.Request(0).Endpoint);
        Assert.Equal("i3.v1.worker.apps.test:8080", _harness.Deliverer.Request(0).Host);
    }

    [Fact]
    public async Task QueueRoutingOverride_WinsOverTheTasks()
    {
        var queue = await _harness.CreateQueueAsync("overridden", q => q.AppEngineRoutingOverride = new AppEngineRouting { Service = "billing" });
        await CreateAsync("routed", new AppEngineRouting { Service = "worker" }, queue: "overridden");
        await _harness.WaitForAttemptsAsync("overridden", 1);

        Assert.Equal("billing.apps.test:8080", queue.AppEngineRoutingOverride.Host);
        Assert.Equal(new Uri("http://apps.test:8080/tasks/run?id=1"), _harness.Deliverer.Request(0).Endpoint);
        Assert.Equal("billing.apps.test:8080", _harness.Deliverer.Request(0).Host);
    }
}
