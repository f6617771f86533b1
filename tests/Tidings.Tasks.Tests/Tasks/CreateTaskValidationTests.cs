using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Tests.Tasks;

/// <summary>CreateTask refuses with INVALID_ARGUMENT what Google refuses: names, targets, bodies, times, sizes, headers.</summary>
public sealed class CreateTaskValidationTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync();
        await _harness.CreateQueueAsync("q");
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("q"), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private async Task<TidingsException> RefusedAsync(CloudTask task)
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() =>
            _harness.Engine.CreateTaskAsync(_harness.QueueName("q"), task, CloudTask.Types.View.Basic, CancellationToken.None));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        return error;
    }

    private static CloudTask Http(Action<HttpRequest>? configure = null)
    {
        var request = new HttpRequest { Url = "https://target.test/work" };
        configure?.Invoke(request);
        return new CloudTask { HttpRequest = request };
    }

    [Theory]
    [InlineData("not a valid id")]
    [InlineData("dots.are.not.allowed")]
    public async Task BadTaskId_GoogleText(string id)
    {
        var task = Http();
        task.Name = $"{_harness.QueueName("q")}/tasks/{id}";

        var error = await RefusedAsync(task);

        Assert.Equal($"Task ID \"{id}\" can contain only letters ([A-Za-z]), numbers ([0-9]), hyphens (-), or underscores (_). Task ID must between 1 and 500 characters.",
            error.Message);
    }

    [Fact]
    public async Task TaskIdOf501Characters_Refused()
    {
        var task = Http();
        task.Name = $"{_harness.QueueName("q")}/tasks/{new string('x', 501)}";

        var error = await RefusedAsync(task);

        Assert.StartsWith("Task ID \"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NameInAnotherQueue_GoogleText()
    {
        var task = Http();
        task.Name = $"{_harness.QueueName("q")}-other/tasks/t";

        var error = await RefusedAsync(task);

        Assert.Equal($"The queue name from request ('{_harness.QueueName("q")}') must be the same as the queue name in the named task ('{_harness.QueueName("q")}-other').",
            error.Message);
    }

    [Fact]
    public async Task MalformedName_Refused()
    {
        var task = Http();
        task.Name = "tasks/t";

        await RefusedAsync(task);
    }

    [Fact]
    public async Task NoTarget_Refused() => await RefusedAsync(new CloudTask());

    [Theory]
    [InlineData("")]
    [InlineData("ftp://target.test/x")]
    [InlineData("/relative")]
    public async Task BadUrl_Refused(string url) => await RefusedAsync(Http(r => r.Url = url));

    [Fact]
    public async Task UrlLongerThan2083_Refused() => await RefusedAsync(Http(r => r.Url = "https://target.test/" + new string('a', 2070)));

    [Theory]
    [InlineData(HttpMethod.Get)]
    [InlineData(HttpMethod.Head)]
    [InlineData(HttpMethod.Delete)]
    [InlineData(HttpMethod.Options)]
    public async Task BodyWithMethodWithoutOne_Refused(HttpMethod method) =>
        await RefusedAsync(Http(r =>
        {
            r.HttpMethod = method;
            r.Body = ByteString.CopyFromUtf8("x");
        }));

    [Fact]
    public async Task AppEngineBodyWithPatch_Refused() =>
        await RefusedAsync(new CloudTask
        {
            AppEngineHttpRequest = new AppEngineHttpRequest { HttpMethod = HttpMethod.Patch, Body = ByteString.CopyFromUtf8("x") },
        });

    [Theory]
    [InlineData("work")]
    [InlineData("/with space")]
    public async Task BadRelativeUri_Refused(string relativeUri) =>
        await RefusedAsync(new CloudTask { AppEngineHttpRequest = new AppEngineHttpRequest { RelativeUri = relativeUri } });

    [Theory]
    [InlineData(14.999)]
    [InlineData(1800.001)]
    [InlineData(-1)]
    public async Task HttpDeadlineOutOfRange_Refused(double seconds)
    {
        var task = Http();
        task.DispatchDeadline = EngineHarness.Seconds(seconds);

        await RefusedAsync(task);
    }

    [Fact]
    public async Task AppEngineDeadlineUpTo24Hours15Seconds_AcceptedBeyondRefused()
    {
        var accepted = await _harness.Engine.CreateTaskAsync(_harness.QueueName("q"), new CloudTask
        {
            AppEngineHttpRequest = new AppEngineHttpRequest(),
            DispatchDeadline = EngineHarness.Seconds((24 * 3600) + 15),
        }, CloudTask.Types.View.Basic, CancellationToken.None);

        await RefusedAsync(new CloudTask
        {
            AppEngineHttpRequest = new AppEngineHttpRequest(),
            DispatchDeadline = EngineHarness.Seconds((24 * 3600) + 16),
        });
        Assert.Equal(TimeSpan.FromSeconds((24 * 3600) + 15), accepted.DispatchDeadline.ToTimeSpan());
    }

    [Fact]
    public async Task ScheduleMoreThan30DaysAhead_Refused()
    {
        var task = Http();
        task.ScheduleTime = Timestamp.FromDateTimeOffset(_harness.Time.GetUtcNow().AddDays(30).AddSeconds(1));

        var error = await RefusedAsync(task);

        Assert.Equal("The task's schedule_time must not be more than 30 days in the future.", error.Message);
    }

    [Fact]
    public async Task HttpTaskOver1MB_Refused() =>
        await RefusedAsync(Http(r => r.Body = ByteString.CopyFrom(new byte[(1024 * 1024) + 1])));

    [Fact]
    public async Task AppEngineTaskOver100KB_Refused() =>
        await RefusedAsync(new CloudTask { AppEngineHttpRequest = new AppEngineHttpRequest { Body = ByteString.CopyFrom(new byte[(100 * 1024) + 1]) } });

    [Fact]
    public async Task HeadersOf80KB_Refused() =>
        await RefusedAsync(Http(r => r.Headers.Add("X-Big", new string('a', 80 * 1024))));

    [Theory]
    [InlineData("Bad Name", "x")]
    [InlineData("X-Split", "a\r\nInjected: yes")]
    public async Task InvalidHeader_Refused(string name, string value) => await RefusedAsync(Http(r => r.Headers.Add(name, value)));

    [Fact]
    public async Task OidcTokenWithoutServiceAccount_Refused() =>
        await RefusedAsync(Http(r => r.OidcToken = new OidcToken { Audience = "x" }));
}
