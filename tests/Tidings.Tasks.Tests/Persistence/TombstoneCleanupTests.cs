using Tidings.Storage.Tasks;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Persistence;

/// <summary>Expired name tombstones are removed now and then by the engine, on its clock.</summary>
public sealed class TombstoneCleanupTests : IAsyncLifetime
{
    private ObservedTaskStore _store = null!;
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync(
        new TaskStoreOptions { TaskNameReservation = TimeSpan.FromMinutes(30) },
        new TasksOptions { TombstoneCleanupInterval = TimeSpan.FromMinutes(10) },
        inner => _store = new ObservedTaskStore(inner));

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ExpiredTombstones_RemovedByTheNextSweep()
    {
        await _harness.CreateQueueAsync("q");
        await _harness.Engine.PauseQueueAsync(_harness.QueueName("q"), CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await _harness.CreateHttpTaskAsync("q", $"t{i}");
            await _harness.Engine.DeleteTaskAsync(_harness.TaskName("q", $"t{i}"), CancellationToken.None);
        }

        _harness.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, _store.TombstonesRemoved);

        // The sweep runs every 10 minutes of the clock: move it on a minute per look until one ran after the expiry.
        await Eventually.TrueAsync(() =>
        {
            if (_store.TombstonesRemoved == 3)
            {
                return true;
            }
            _harness.Time.Advance(TimeSpan.FromMinutes(1));
            return false;
        }, "a sweep after the reservation ended");

        Assert.Equal(3, _store.TombstonesRemoved);
    }
}
