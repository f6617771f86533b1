using Google.Cloud.Tasks.V2;
using Tidings.Delivery;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>max_concurrent_dispatches: no more attempts in flight at once, and the next start as earlier ones end.</summary>
public sealed class ConcurrencyLimitTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ThreeAtOnce_TheRestWaitsForThemToEnd()
    {
        var release = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.Deliverer.Respond = _ => release.Task;
        await _harness.CreateQueueAsync("narrow", q => q.RateLimits = new RateLimits { MaxConcurrentDispatches = 3 });
        for (var i = 0; i < 10; i++)
        {
            await _harness.CreateHttpTaskAsync("narrow");
        }

        var dispatcher = _harness.Engine.FindDispatcher(_harness.QueueName("narrow"))!;
        await Eventually.TrueAsync(() => _harness.Deliverer.Active == 3 && dispatcher.WaitState.Waiting, "three in flight, loop waiting");
        Assert.Equal(3, _harness.Deliverer.Count);

        release.SetResult(FakeDeliverer.Status(200));
        await _harness.WaitForAttemptsAsync("narrow", 10);

        Assert.Equal(3, _harness.Deliverer.MaxActive);
        Assert.Equal(0, await _harness.Tasks.CountAsync(_harness.QueueName("narrow"), CancellationToken.None));
    }
}
