using Tidings.Delivery;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>
/// An attempt that fails inside the server (an exception, not an answer of the target) keeps its claim: once the
/// dispatch lease runs out the task is dispatched again, neither lost nor stuck.
/// </summary>
public sealed class UnexpectedAttemptFailureTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task DelivererThrows_TaskDispatchedAgainOnceTheLeaseRunsOut()
    {
        var lease = new TasksOptions().DispatchLease;
        _harness.Deliverer.Answer(_ => Task.FromException<DeliveryResult>(new InvalidOperationException("boom")));
        await _harness.CreateQueueAsync("faulty");
        var task = await _harness.CreateHttpTaskAsync("faulty");
        var (queue, id) = (_harness.QueueName("faulty"), task.Name[(task.Name.LastIndexOf('/') + 1)..]);
        await _harness.WaitForRequestsAsync(1);
        await Eventually.TrueAsync(() => _harness.Deliverer.Active == 0, "the failed attempt to end");

        var claimed = (await _harness.Tasks.GetAsync(queue, id, CancellationToken.None))!;
        Assert.Equal(EngineHarness.Start + lease, claimed.ScheduleTime);

        _harness.Time.Advance(lease);
        await _harness.WaitForRequestsAsync(2);
        await _harness.WaitIdleAsync("faulty");

        Assert.Null(await _harness.Tasks.GetAsync(queue, id, CancellationToken.None));
        Assert.Equal(2, _harness.Deliverer.Count);
    }
}
