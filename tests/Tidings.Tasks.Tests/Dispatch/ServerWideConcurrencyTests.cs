using Tidings.Delivery;
using Tidings.Tasks.Dispatch;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>The server-wide cap on attempts in flight holds across queues; RunTask is not held back by it.</summary>
public sealed class ServerWideConcurrencyTests : IAsyncLifetime
{
    private readonly TaskCompletionSource<DeliveryResult> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync(options: new TasksOptions { MaxConcurrentDispatches = 5 });
        _harness.Deliverer.Respond = _ => _release.Task;
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult(FakeDeliverer.Status(200));
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task TwoQueues_NeverMoreThanTheCapInFlight_AllDispatchedInTheEnd()
    {
        foreach (var queue in new[] { "a", "b" })
        {
            await _harness.CreateQueueAsync(queue);
            for (var i = 0; i < 8; i++)
            {
                await _harness.CreateHttpTaskAsync(queue);
            }
        }
        await _harness.CreateHttpTaskAsync("a", "forced", t => t.ScheduleTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(_harness.Time.GetUtcNow().AddHours(1)));

        await Eventually.TrueAsync(() => _harness.Deliverer.Active == 5, "five in flight");
        await _harness.Engine.RunTaskAsync(_harness.TaskName("a", "forced"), Google.Cloud.Tasks.V2.Task.Types.View.Basic, CancellationToken.None);
        await Eventually.TrueAsync(() => _harness.Deliverer.Active == 6, "RunTask past the cap");
        Assert.Equal(6, _harness.Deliverer.Count);

        _release.SetResult(FakeDeliverer.Status(200));
        await _harness.WaitForRequestsAsync(17);
        await _harness.WaitIdleAsync("a");
        await _harness.WaitIdleAsync("b");
        Assert.Equal(6, _harness.Deliverer.MaxActive);
    }

    [Fact]
    public void Slots_NoneFree_EnlistedWokenOnRelease()
    {
        var slots = new DispatchSlots(2);
        var woken = 0;

        Assert.Equal(2, slots.TakeOrEnlist(5, () => woken++));
        Assert.Equal(0, slots.TakeOrEnlist(1, () => woken++));
        slots.Release(1);

        Assert.Equal(1, woken);
        Assert.Equal(1, slots.TakeOrEnlist(3, () => woken++));
    }
}
