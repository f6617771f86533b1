using Tidings.Kernel.Errors;
using Tidings.Scheduler.Tests.Support;
using Tidings.Storage.Messages;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>
/// A run is never sent before its start is stored: while the state store fails, a due job waits (retrying the
/// write with backoff on the engine's clock) and goes out once the write succeeds; an RPC whose change could not be
/// stored reports the storage error.
/// </summary>
public sealed class FailingStoreTests : IDisposable
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private readonly ScriptedStateStore _store = new();
    private readonly SchedulerHarness _harness;

    public FailingStoreTests() => _harness = new SchedulerHarness(_store);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task DueWhileTheStoreFails_NotSentUntilItsStartIsStored()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("careful"));
        _store.Failing = true;

        _harness.AdvanceTo(Minute1);
        await Eventually.TrueAsync(() => _store.FailedApplies >= 1, "the claim's write to fail");
        Assert.Equal(0, _harness.Deliverer.Count);

        _store.Failing = false;
        // The engine retries the write 100 ms after it failed, on a timer it arms after the failure the test saw:
        // step the clock until the retry has run, rather than once (a single step can come before the arming).
        await Eventually.TrueAsync(() =>
        {
            _harness.Time.Advance(TimeSpan.FromMilliseconds(100));
            return _harness.Deliverer.Count >= 1;
        }, "the retried write, then the request");
        await _harness.RequestsAsync(1);
        await _harness.SettledAsync();

        Assert.Equal("2026-01-01T00:01:00Z", _harness.Deliverer.Header(_harness.Deliverer.Requests.Single(), "X-CloudScheduler-ScheduleTime"));
        Assert.Equal(0, _harness.Get("careful").Status.Code);
    }

    [Fact]
    public async Task CreateJob_StoreFails_StorageErrorReported()
    {
        _store.Failing = true;
        await Assert.ThrowsAsync<StorageFailedException>(() => _harness.CreateAsync(SchedulerHarness.HttpJob("unstored")));
        _store.Failing = false;

        // Not created at all, as docs/scheduler.md says: the next write holds only the next job, and the name is free.
        await _harness.CreateAsync(SchedulerHarness.HttpJob("next"));
        Assert.Equal([SchedulerHarness.JobName("next")], _store.LoadAll(Persistence.JobDocuments.JobKind).Select(d => d.Key));
        Assert.Equal(ErrorCode.NotFound, Assert.Throws<TidingsException>(() => _harness.Get("unstored")).Code);
        await _harness.CreateAsync(SchedulerHarness.HttpJob("unstored"));
    }
}
