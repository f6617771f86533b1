using Google.Protobuf.WellKnownTypes;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>
/// A sleeping dispatcher wakes for a task due before the one it sleeps for, and future tasks wait for their time.
/// </summary>
public sealed class WakeUpTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync();
        await _harness.CreateQueueAsync("q");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SleepingForALaterTask_TaskDueNow_DispatchedWithoutTheClockMoving()
    {
        await _harness.CreateHttpTaskAsync("q", "later", t => t.ScheduleTime = Timestamp.FromDateTimeOffset(_harness.Time.GetUtcNow().AddHours(1)));
        var waits = _harness.WaitState("q");
        await _harness.WaitSettledAsync("q", waits - 1);

        await _harness.CreateHttpTaskAsync("q", "now");
        await _harness.WaitForAttemptsAsync("q", 1);

        Assert.Equal("now", FakeDeliverer.Header(_harness.Deliverer.Request(0), "X-CloudTasks-TaskName"));
        Assert.Equal(1, await _harness.Tasks.CountAsync(_harness.QueueName("q"), CancellationToken.None));
    }

    [Fact]
    public async Task FutureTask_DispatchedWhenItsTimeComes_NotBefore()
    {
        await _harness.CreateHttpTaskAsync("q", "soon", t => t.ScheduleTime = Timestamp.FromDateTimeOffset(_harness.Time.GetUtcNow().AddSeconds(10)));
        var waits = _harness.WaitState("q");
        _harness.Time.Advance(TimeSpan.FromSeconds(9.999));
        await _harness.WaitSettledAsync("q", waits - 1);

        Assert.Equal(0, _harness.Deliverer.Count);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        await _harness.WaitForAttemptsAsync("q", 1);
        Assert.Equal(_harness.Time.GetUtcNow(), _harness.Deliverer.SentAt.Single());
    }
}
