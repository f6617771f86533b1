using Google.Cloud.Tasks.V2;
using Tidings.Tasks.Tests.Support;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>A base URL whose host is an IP address takes no routing prefixes: every App Engine task goes to it.</summary>
public sealed class AppEngineIpBaseUrlTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync(options: new TasksOptions { AppEngineBaseUrl = new Uri("http://127.0.0.1:9090/base/") });
        await _harness.CreateQueueAsync("app");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Routing_NotPrefixedToAnIpAddress_RelativeUriFollowsTheBasePath()
    {
        var task = await _harness.Engine.CreateTaskAsync(_harness.QueueName("app"), new CloudTask
        {
            AppEngineHttpRequest = new AppEngineHttpRequest { RelativeUri = "/work", AppEngineRouting = new AppEngineRouting { Service = "worker" } },
        }, CloudTask.Types.View.Full, CancellationToken.None);
        await _harness.WaitForAttemptsAsync("app", 1);

        Assert.Equal("127.0.0.1:9090", task.AppEngineHttpRequest.AppEngineRouting.Host);
        Assert.Equal(new Uri("http://127.0.0.1:9090/base/work"), _harness.Deliverer.Request(0).Endpoint);
    }
}
