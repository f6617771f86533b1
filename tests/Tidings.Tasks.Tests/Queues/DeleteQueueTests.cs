using Google.Cloud.Tasks.V2;
using Tidings.Kernel.Errors;
using Tidings.Storage.Tasks;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Queues;

/// <summary>DeleteQueue: the queue and its tasks go, and its name stays reserved for the configured window.</summary>
public sealed class DeleteQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Reservation = TimeSpan.FromHours(2);

    private EngineHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await EngineHarness.StartAsync(new TaskStoreOptions { QueueNameReservation = Reservation });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task DeleteAsync(string id) => _harness.Engine.DeleteQueueAsync(_harness.QueueName(id), CancellationToken.None);

    [Fact]
    public async Task DeleteQueue_Existing_GoneWithItsTasks()
    {
        await _harness.CreateQueueAsync("doomed");
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("doomed"), CancellationToken.None);
        await _harness.CreateHttpTaskAsync("doomed", "t1");

        await DeleteAsync("doomed");

        var error = Assert.Throws<TidingsException>(() => _harness.Engine.GetQueue(_harness.QueueName("doomed")));
        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.", error.Message);
        Assert.Equal(0, await _harness.Tasks.CountAsync(_harness.QueueName("doomed"), CancellationToken.None));
        Assert.Empty(_harness.Engine.ListQueues(_harness.Location, "", 0, "").Queues);
    }

    [Fact]
    public async Task CreateQueue_RecentlyDeletedName_FailedPrecondition_UntilTheWindowEnds()
    {
        await _harness.CreateQueueAsync("reused");
        await DeleteAsync("reused");

        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateQueueAsync("reused"));
        var upsert = await Assert.ThrowsAsync<TidingsException>(() =>
            _harness.Engine.UpdateQueueAsync(new Queue { Name = _harness.QueueName("reused") }, null, CancellationToken.None));
        _harness.Time.Advance(Reservation);
        var again = await _harness.CreateQueueAsync("reused");

        Assert.Equal(ErrorCode.FailedPrecondition, error.Code);
        Assert.Equal("The queue cannot be created because a queue with this name existed too recently.", error.Message);
        Assert.Equal(ErrorCode.FailedPrecondition, upsert.Code);
        Assert.Equal(Queue.Types.State.Running, again.State);
    }

    [Fact]
    public async Task DeleteQueue_Missing_NotFoundWithGoogleText()
    {
        var error = await Assert.ThrowsAsync<TidingsException>(() => DeleteAsync("never"));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Requested entity was not found.", error.Message);
    }

    [Fact]
    public async Task CreateTask_InDeletedQueue_QueueNotFound()
    {
        await _harness.CreateQueueAsync("gone");
        await DeleteAsync("gone");

        var error = await Assert.ThrowsAsync<TidingsException>(() => _harness.CreateHttpTaskAsync("gone"));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.StartsWith("Queue does not exist.", error.Message, StringComparison.Ordinal);
    }
}
