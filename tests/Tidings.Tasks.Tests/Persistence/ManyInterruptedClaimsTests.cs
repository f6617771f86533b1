using Tidings.Storage.Tasks;
using Tidings.Tasks.Dispatch;
using Tidings.Tasks.Persistence;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Persistence;

/// <summary>
/// More claims left behind by a stopped run than the start-up scan reads at a time: every one of them is made due at
/// once after the restart, not only the first page, while tasks scheduled within the lease that were never claimed
/// keep their time.
/// </summary>
public sealed class ManyInterruptedClaimsTests : IDisposable
{
    private const int Claimed = (QueueDispatcher.RecoveryBatchSize * 2) + 500;
    private const int Unclaimed = 300;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Restart_MoreClaimsThanOnePage_AllDueAtOnceUnclaimedKeepTheirTime()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EngineHarness.Start);
        var lease = new TasksOptions().DispatchLease;
        string queue;
        await using (var before = await EngineHarness.StartDurableAsync(_directory.Path, time, new FakeDeliverer()))
        {
            await before.CreateQueueAsync("crowded");
            // Paused, so the only thing that moves its tasks after the restart is the scan.
            await before.Engine.PauseQueueAsync(before.QueueName("crowded"), CancellationToken.None);
            queue = before.QueueName("crowded");
            await Task.WhenAll(Enumerable.Range(0, Claimed + Unclaimed).Select(i => before.CreateHttpTaskAsync("crowded", $"t{i:D5}")));
            // What a run killed mid-attempt leaves: the claimed record, due when its lease ends (spread over the lease).
            var now = time.GetUtcNow();
            var tasks = await before.Tasks.ListDueAsync(queue, now, Claimed + Unclaimed, CancellationToken.None);
            var updates = tasks.Select((stored, i) =>
            {
                var record = TaskRecordCodec.Decode(stored.Payload);
                record.Claimed = i < Claimed;
                var due = now + (lease * (i + 1) / (Claimed + Unclaimed + 1));
                return new TaskUpdate(stored.TaskId, stored.Version, due, TaskRecordCodec.Encode(record));
            }).ToList();
            var results = await before.Tasks.UpdateManyAsync(queue, updates, CancellationToken.None);
            Assert.All(results, result => Assert.Equal(TaskWriteStatus.Done, result.Status));
        }

        await using var after = await EngineHarness.StartDurableAsync(_directory.Path, time, new FakeDeliverer());

        await Eventually.TrueAsync(async () => (await after.Tasks.ListDueAsync(queue, time.GetUtcNow(), Claimed + Unclaimed, CancellationToken.None)).Count >= Claimed,
            "every interrupted claim due now");
        var dueNow = await after.Tasks.ListDueAsync(queue, time.GetUtcNow(), Claimed + Unclaimed, CancellationToken.None);
        Assert.Equal(Claimed, dueNow.Count);
        Assert.All(dueNow, stored => Assert.True(TaskRecordCodec.Decode(stored.Payload).Claimed));
        Assert.Equal(Claimed + Unclaimed, await after.Tasks.CountAsync(queue, CancellationToken.None));
    }
}
