using Google.Cloud.Tasks.V2;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Inspection;

/// <summary>The console's view of every queue, across projects and locations.</summary>
public sealed class ListAllQueuesTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ListAllQueues_QueuesOfSeveralLocations_AllInNameOrderWithTheirState()
    {
        await _harness.CreateQueueAsync("work");
        await _harness.Engine.CreateQueueAsync("projects/q/locations/europe-west1",
            new Queue { Name = "projects/q/locations/europe-west1/queues/mail" }, CancellationToken.None);
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("work"), CancellationToken.None);

        var queues = _harness.Engine.ListAllQueues();

        Assert.Equal([_harness.QueueName("work"), "projects/q/locations/europe-west1/queues/mail"], queues.Select(queue => queue.Name));
        Assert.Equal([Queue.Types.State.Paused, Queue.Types.State.Running], queues.Select(queue => queue.State));
    }

    [Fact]
    public async Task ListAllQueues_DeletedQueue_LeftOut()
    {
        await _harness.CreateQueueAsync("gone");
        await _harness.Engine.DeleteQueueAsync(_harness.QueueName("gone"), CancellationToken.None);

        Assert.Empty(_harness.Engine.ListAllQueues());
    }

    [Fact]
    public async Task ListAllQueues_ChangingTheAnswer_LeavesTheQueueAsItWas()
    {
        await _harness.CreateQueueAsync("work");

        _harness.Engine.ListAllQueues()[0].State = Queue.Types.State.Disabled;

        Assert.Equal(Queue.Types.State.Running, _harness.Engine.GetQueue(_harness.QueueName("work")).State);
    }
}
