using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>A paused queue takes tasks and dispatches none until it is resumed.</summary>
public sealed class PauseResumeDispatchTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync();
        await _harness.CreateQueueAsync("q");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Paused_NothingDispatched_ResumedEverythingDue()
    {
        var waits = _harness.WaitState("q");
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("q"), CancellationToken.None);
        await _harness.WaitSettledAsync("q", waits);
        for (var i = 0; i < 3; i++)
        {
            await _harness.CreateHttpTaskAsync("q");
        }
        _harness.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, _harness.Deliverer.Count);
        await _harness.Engine.ResumeQueueAsync(_harness.QueueName("q"), CancellationToken.None);
        await _harness.WaitForAttemptsAsync("q", 3);
        Assert.Equal(0, await _harness.Tasks.CountAsync(_harness.QueueName("q"), CancellationToken.None));
    }
}
