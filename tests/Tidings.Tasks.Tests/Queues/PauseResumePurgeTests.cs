using Google.Cloud.Tasks.V2;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Queues;

/// <summary>PauseQueue, ResumeQueue and PurgeQueue as queue state: state, purge time, the tasks a purge removes.</summary>
public sealed class PauseResumePurgeTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task PauseThenResume_StateFollows()
    {
        await _harness.CreateQueueAsync("q");

        var paused = await _harness.Engine.PauseQueueAsync(_harness.QueueName("q"), CancellationToken.None);
        var resumed = await _harness.Engine.ResumeQueueAsync(_harness.QueueName("q"), CancellationToken.None);

        Assert.Equal(Queue.Types.State.Paused, paused.State);
        Assert.Equal(Queue.Types.State.Running, resumed.State);
        Assert.Equal(Queue.Types.State.Running, _harness.Engine.GetQueue(_harness.QueueName("q")).State);
    }

    [Fact]
    public async Task Purge_DeletesTasksCreatedBefore_KeepsLaterOnes_SetsPurgeTime_ReservesNames()
    {
        await _harness.CreateQueueAsync("q");
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("q"), CancellationToken.None);
        await _harness.CreateHttpTaskAsync("q", "early");
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        var purged = await _harness.Engine.PurgeQueueAsync(_harness.QueueName("q"), CancellationToken.None);
        await _harness.CreateHttpTaskAsync("q", "late");

        Assert.Equal(_harness.Time.GetUtcNow(), purged.PurgeTime.ToDateTimeOffset());
        Assert.Equal(Queue.Types.State.Paused, purged.State);
        var listed = await _harness.Engine.ListTasksAsync(_harness.QueueName("q"), Google.Cloud.Tasks.V2.Task.Types.View.Basic, 0, "", CancellationToken.None);
        Assert.Equal([_harness.TaskName("q", "late")], listed.Tasks.Select(task => task.Name));
        var reused = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateHttpTaskAsync("q", "early"));
        Assert.Equal(ErrorCode.AlreadyExists, reused.Code);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("purge")]
    public async Task MissingQueue_NotFoundWithGoogleQueueText(string action)
    {
        var name = _harness.QueueName("missing");

        var error = await Assert.ThrowsAsync<TidingsException>(() => action switch
        {
            "pause" => _harness.Engine.PauseQueueAsync(name, CancellationToken.None),
            "resume" => _harness.Engine.ResumeQueueAsync(name, CancellationToken.None),
            _ => _harness.Engine.PurgeQueueAsync(name, CancellationToken.None),
        });

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.StartsWith("Queue does not exist.", error.Message, StringComparison.Ordinal);
    }
}
