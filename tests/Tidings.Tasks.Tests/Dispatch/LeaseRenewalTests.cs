using Tidings.Delivery;
using Tidings.Storage.Tasks;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Dispatch;

/// <summary>
/// An attempt that outlasts half the dispatch lease renews its claim in the store before the lease runs out, and
/// writes its outcome at the version the renewal left, so a slow target neither gets the task twice nor loses it.
/// </summary>
public sealed class LeaseRenewalTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SlowAnswer_ClaimRenewedBeforeLeaseEnds_OutcomeWrittenAtRenewedVersion()
    {
        var lease = new TasksOptions().DispatchLease;
        var answer = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.Deliverer.Answer(_ => answer.Task);
        await _harness.CreateQueueAsync("slow");
        var task = await _harness.CreateHttpTaskAsync("slow");
        var (queue, id) = (_harness.QueueName("slow"), task.Name[(task.Name.LastIndexOf('/') + 1)..]);
        await _harness.WaitForRequestsAsync(1);

        var claimed = (await _harness.Tasks.GetAsync(queue, id, CancellationToken.None))!;
        var leaseEnd = EngineHarness.Start + lease;
        Assert.Equal(leaseEnd, claimed.ScheduleTime);

        // The clock moves a second per look until the claim moves on; the attempt arms its renewal as it starts waiting.
        StoredTask renewed = claimed;
        await Eventually.TrueAsync(async () =>
        {
            renewed = (await _harness.Tasks.GetAsync(queue, id, CancellationToken.None))!;
            if (renewed.Version != claimed.Version)
            {
                return true;
            }
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
            return false;
        }, "the claim renewed");

        var now = _harness.Time.GetUtcNow();
        Assert.True(now < leaseEnd, $"renewed at {now:O}, after the lease ended at {leaseEnd:O}");
        Assert.InRange(renewed.ScheduleTime, leaseEnd + TimeSpan.FromTicks(1), now + lease);
        Assert.Equal(1, _harness.Deliverer.Count);

        answer.SetResult(FakeDeliverer.Status(200));
        await _harness.WaitIdleAsync("slow");

        Assert.Null(await _harness.Tasks.GetAsync(queue, id, CancellationToken.None));
        Assert.Equal(1, _harness.Deliverer.Count);
    }
}
