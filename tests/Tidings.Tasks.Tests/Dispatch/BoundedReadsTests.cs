using Google.Cloud.Tasks.V2;
using Tidings.Storage.Tasks;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>
/// Dispatch never reads more of a queue than one batch of due tasks at a time, however many tasks the queue holds,
/// so a queue of a million tasks keeps memory bounded; it never lists the queue.
/// </summary>
public sealed class BoundedReadsTests : IAsyncLifetime
{
    private ObservedTaskStore _store = null!;
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync(
        options: new TasksOptions { DispatchBatchSize = 50 },
        wrap: inner => _store = new ObservedTaskStore(inner));

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ThousandsDue_ReadInBatchesOfAtMostTheBatchSize()
    {
        await _harness.CreateQueueAsync("big", q => q.RateLimits = new RateLimits { MaxDispatchesPerSecond = 500 });
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("big"), CancellationToken.None);
        for (var i = 0; i < 3000; i++)
        {
            await _harness.CreateHttpTaskAsync("big");
        }
        await _harness.Engine.ResumeQueueAsync(_harness.QueueName("big"), CancellationToken.None);

        // The bucket holds 100 tokens and refills at 500/s: 100 more every 0.2 s on the fake clock.
        for (var step = 1; step <= 30; step++)
        {
            await _harness.WaitForRequestsAsync(100 * step);
            _harness.Time.Advance(TimeSpan.FromSeconds(0.2));
        }
        await _harness.WaitIdleAsync("big");

        Assert.InRange(_store.LargestDueRead, 1, 50);
        Assert.Equal(0, _store.Listings);
        Assert.Equal(0, await _harness.Tasks.CountAsync(_harness.QueueName("big"), CancellationToken.None));
    }
}
