using Google.Cloud.Tasks.V2;
using Tidings.Delivery;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>A task deleted, purged or whose queue is deleted while it is dispatched is not brought back by the attempt's outcome.</summary>
public sealed class ChangesDuringDispatchTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;
    private TaskCompletionSource<DeliveryResult> _release = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync();
        await _harness.CreateQueueAsync("q", q => q.RetryConfig = new RetryConfig { MinBackoff = EngineHarness.Seconds(1) });
        _release = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.Deliverer.Answer(_ => _release.Task);
        await _harness.CreateHttpTaskAsync("q", "t");
        await _harness.WaitForRequestsAsync(1);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task DeleteTask_DuringAttempt_FailureDoesNotRescheduleIt()
    {
        await _harness.Engine.DeleteTaskAsync(_harness.TaskName("q", "t"), CancellationToken.None);
        _release.SetResult(FakeDeliverer.Status(503));
        await _harness.WaitIdleAsync("q");

        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.GetTaskAsync(_harness.TaskName("q", "t")));
        Assert.StartsWith("The task no longer exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _harness.Tasks.CountAsync(_harness.QueueName("q"), CancellationToken.None));
    }

    [Fact]
    public async Task PurgeQueue_DuringAttempt_FailureDoesNotRescheduleIt()
    {
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _harness.Engine.PurgeQueueAsync(_harness.QueueName("q"), CancellationToken.None);
        _release.SetResult(FakeDeliverer.Status(503));
        await _harness.WaitIdleAsync("q");

        Assert.Equal(0, await _harness.Tasks.CountAsync(_harness.QueueName("q"), CancellationToken.None));
    }

    [Fact]
    public async Task DeleteQueue_DuringAttempt_AttemptCancelledQueueGone()
    {
        await _harness.Engine.DeleteQueueAsync(_harness.QueueName("q"), CancellationToken.None);

        Assert.Equal(0, await _harness.Tasks.CountAsync(_harness.QueueName("q"), CancellationToken.None));
        Assert.Throws<TidingsException>(() => _harness.Engine.GetQueue(_harness.QueueName("q")));
    }
}
