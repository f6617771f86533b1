using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Tidings.Delivery;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;
using CloudTask = Google.Cloud.Tasks.V2.Task;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>
/// RunTask dispatches now whatever the queue's state, limits and the task's schedule, answers the task as dispatched,
/// never dispatches a task twice at once, and retries a failure from the time it was called.
/// </summary>
public sealed class RunTaskTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync();
        await _harness.CreateQueueAsync("q", q => q.RetryConfig = new RetryConfig { MinBackoff = EngineHarness.Seconds(30), MaxBackoff = EngineHarness.Seconds(30) });
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<CloudTask> RunAsync(string id) =>
        _harness.Engine.RunTaskAsync(_harness.TaskName("q", id), CloudTask.Types.View.Basic, CancellationToken.None);

    [Fact]
    public async Task PausedQueueFutureTask_DispatchedNow_AnsweredAsDispatched_DeletedOnSuccess()
    {
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("q"), CancellationToken.None);
        await _harness.CreateHttpTaskAsync("q", "later", t => t.ScheduleTime = Timestamp.FromDateTimeOffset(_harness.Time.GetUtcNow().AddHours(2)));

        var run = await RunAsync("later");
        await _harness.WaitForAttemptsAsync("q", 1);

        Assert.Equal(1, run.DispatchCount);
        Assert.Equal(0, run.ResponseCount);
        Assert.Equal(_harness.Time.GetUtcNow(), run.LastAttempt.DispatchTime.ToDateTimeOffset());
        Assert.Null(run.LastAttempt.ResponseTime);
        Assert.Equal(CloudTask.Types.View.Basic, run.View);
        await Assert.ThrowsAsync<TidingsException>(() => _harness.GetTaskAsync(_harness.TaskName("q", "later")));
    }

    [Fact]
    public async Task Failure_RetriedTheBackoffAfterTheCall()
    {
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("q"), CancellationToken.None);
        var release = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.Deliverer.Answer(_ => release.Task);
        await _harness.CreateHttpTaskAsync("q", "t");
        var called = _harness.Time.GetUtcNow();

        await RunAsync("t");
        _harness.Time.Advance(TimeSpan.FromSeconds(5));
        release.SetResult(FakeDeliverer.Status(500));
        await _harness.WaitForAttemptsAsync("q", 1);

        var task = await _harness.GetTaskAsync(_harness.TaskName("q", "t"));
        Assert.Equal(called.AddSeconds(30), task.ScheduleTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task WhileInFlight_NotDispatchedTwice()
    {
        var release = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.Deliverer.Answer(_ => release.Task);
        await _harness.CreateHttpTaskAsync("q", "busy");
        await _harness.WaitForRequestsAsync(1);

        var run = await RunAsync("busy");

        Assert.Equal(1, run.DispatchCount);
        Assert.Equal(1, _harness.Deliverer.Count);
        release.SetResult(FakeDeliverer.Status(200));
        await _harness.WaitIdleAsync("q");
        Assert.Equal(1, _harness.Deliverer.Count);
    }

    [Fact]
    public async Task Missing_NotFound()
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() => RunAsync("never"));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Requested entity was not found.", error.Message);
    }
}
