using Tidings.Tasks.Monitoring;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Monitoring;

/// <summary>The statistics read model: each queue's depth and its attempts by result.</summary>
public sealed class TasksStatisticsTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private async Task<QueueStatistics> StatisticsOfAsync(string queue) =>
        (await _harness.Engine.GetStatisticsAsync(null, CancellationToken.None)).Queues.Single(q => q.Name == _harness.QueueName(queue));

    [Fact]
    public async Task Attempts_CountedByResultCode_AndDepthFallsWhenTheTaskCompletes()
    {
        await _harness.CreateQueueAsync("work");
        _harness.Deliverer.Answer(404, 503);
        await _harness.CreateHttpTaskAsync("work", "t");

        await _harness.WaitForAttemptsAsync("work", 1);
        var afterFailure = await StatisticsOfAsync("work");
        Assert.Equal(1, afterFailure.TasksPending);
        Assert.Equal(new Dictionary<string, long> { ["NOT_FOUND"] = 1 }, afterFailure.AttemptsByResult);

        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _harness.WaitForAttemptsAsync("work", 2);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _harness.WaitForAttemptsAsync("work", 3);

        var done = await StatisticsOfAsync("work");
        Assert.Equal(new QueueStatistics(_harness.QueueName("work"), "p", "us-central1", "work", "RUNNING", 0, 0, done.AttemptsByResult), done);
        Assert.Equal(new Dictionary<string, long> { ["NOT_FOUND"] = 1, ["UNAVAILABLE"] = 1, ["OK"] = 1 }, done.AttemptsByResult);
    }

    [Fact]
    public async Task PausedQueue_ReportsItsStateAndPendingTasks()
    {
        await _harness.CreateQueueAsync("held");
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("held"), CancellationToken.None);
        await _harness.CreateHttpTaskAsync("held");
        await _harness.CreateHttpTaskAsync("held");

        var statistics = await StatisticsOfAsync("held");

        Assert.Equal(("PAUSED", 2L, 0), (statistics.State, statistics.TasksPending, statistics.AttemptsInFlight));
        Assert.Empty(statistics.AttemptsByResult);
        Assert.Empty((await _harness.Engine.GetStatisticsAsync("other", CancellationToken.None)).Queues);
    }
}
