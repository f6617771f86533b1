using Google.Cloud.Scheduler.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Tidings.Kernel.Errors;
using Tidings.Scheduler.Tests.Support;
using Tidings.Storage.Messages;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>
/// An RPC whose write fails changes nothing: it reports the storage error, Get and the timer loop go on by the job as
/// it was, the run records sharing the failed write are kept (written once, sent once), the next RPC after the store
/// recovers works, and a restart shows exactly the changes that were stored.
/// </summary>
public sealed class FailedRpcWriteTests : IDisposable
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private readonly ScriptedStateStore _store = new();
    private readonly SchedulerHarness _harness;
    private SchedulerHarness? _restarted;

    public FailedRpcWriteTests() => _harness = new SchedulerHarness(_store);

    public void Dispose()
    {
        _harness.Dispose();
        _restarted?.Dispose();
    }

    private static string Name(string id) => SchedulerHarness.JobName(id);

    /// <summary>Stops the engine (writing what it has staged) and opens a new one over the same store.</summary>
    private SchedulerHarness Restart()
    {
        _harness.Engine.Dispose();
        _restarted = new SchedulerHarness(_store, time: new FakeTimeProvider(_harness.Time.GetUtcNow()));
        return _restarted;
    }

    /// <summary>Calls the RPC while the store fails, expecting the storage error; the store works again afterwards.</summary>
    private async Task FailingAsync(Func<Task> rpc)
    {
        _store.Failing = true;
        try
        {
            await Assert.ThrowsAsync<StorageFailedException>(rpc);
        }
        finally
        {
            _store.Failing = false;
        }
    }

    /// <summary>Moves to the first instant and waits for the requests it makes; their schedule times and job ids.</summary>
    private async Task<List<string>> FireMinute1Async(int expected)
    {
        _harness.AdvanceTo(Minute1);
        await _harness.RequestsAsync(expected);
        await _harness.SettledAsync();
        return [.. _harness.Deliverer.Requests.Select(r => $"{_harness.Deliverer.Header(r, "X-CloudScheduler-JobName")}@{_harness.Deliverer.Header(r, "X-CloudScheduler-ScheduleTime")}")];
    }

    private static string Fired(string id) => $"{id}@2026-01-01T00:01:00Z";

    [Fact]
    public async Task CreateJob_WriteFails_NoJobAndNothingFires()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("control"));

        await FailingAsync(() => _harness.CreateAsync(SchedulerHarness.HttpJob("unstored")));

        Assert.Equal(ErrorCode.NotFound, Assert.Throws<TidingsException>(() => _harness.Get("unstored")).Code);
        Assert.Equal([Name("control")], _harness.Engine.ListJobs(SchedulerHarness.Parent, 0, "").Items.Select(j => j.Name));
        Assert.Equal([Fired("control")], await FireMinute1Async(1));
        var created = await _harness.CreateAsync(SchedulerHarness.HttpJob("unstored"));
        Assert.Equal(Minute1, created.UserUpdateTime.ToDateTimeOffset());

        var after = Restart();
        Assert.Equal([Name("control"), Name("unstored")], after.Engine.ListJobs(SchedulerHarness.Parent, 0, "").Items.Select(j => j.Name));
        Assert.Equal(Minute1, after.Get("unstored").UserUpdateTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task UpdateJob_WriteFails_OldScheduleKeptAndFired()
    {
        var created = await _harness.CreateAsync(SchedulerHarness.HttpJob("updated"));

        await FailingAsync(() => _harness.Engine.UpdateJobAsync(new Job { Name = Name("updated"), Schedule = "0 * * * *", Description = "lost" }, null));

        Assert.Equal(created, _harness.Get("updated"));
        Assert.Equal([Fired("updated")], await FireMinute1Async(1));
        await _harness.Engine.UpdateJobAsync(new Job { Name = Name("updated"), Description = "kept" }, new FieldMask { Paths = { "description" } });

        var job = Restart().Get("updated");
        Assert.Equal(("* * * * *", "kept", Minute1), (job.Schedule, job.Description, job.UserUpdateTime.ToDateTimeOffset()));
        Assert.Equal(Minute1.AddMinutes(1), job.ScheduleTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task DeleteJob_WriteFails_JobStaysAndFires()
    {
        var created = await _harness.CreateAsync(SchedulerHarness.HttpJob("deleted"));
        await _harness.CreateAsync(SchedulerHarness.HttpJob("control"));

        await FailingAsync(() => _harness.Engine.DeleteJobAsync(Name("deleted")));

        Assert.Equal(created, _harness.Get("deleted"));
        Assert.Equal([Fired("control"), Fired("deleted")], (await FireMinute1Async(2)).Order(StringComparer.Ordinal));
        await _harness.Engine.DeleteJobAsync(Name("control"));

        var after = Restart();
        Assert.Equal([Name("deleted")], after.Engine.ListJobs(SchedulerHarness.Parent, 0, "").Items.Select(j => j.Name));
        Assert.Equal(Minute1, after.Get("deleted").LastAttemptTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task PauseJob_WriteFails_JobStaysEnabledAndFires()
    {
        var created = await _harness.CreateAsync(SchedulerHarness.HttpJob("paused"));

        await FailingAsync(() => _harness.Engine.PauseJobAsync(Name("paused")));

        Assert.Equal(created, _harness.Get("paused"));
        Assert.Equal([Fired("paused")], await FireMinute1Async(1));
        Assert.Equal(Job.Types.State.Paused, (await _harness.Engine.PauseJobAsync(Name("paused"))).State);

        var job = Restart().Get("paused");
        Assert.Equal((Job.Types.State.Paused, Minute1), (job.State, job.LastAttemptTime.ToDateTimeOffset()));
    }

    [Fact]
    public async Task ResumeJob_WriteFails_JobStaysPausedAndDoesNotFire()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("resumed"));
        await _harness.CreateAsync(SchedulerHarness.HttpJob("control"));
        var paused = await _harness.Engine.PauseJobAsync(Name("resumed"));

        await FailingAsync(() => _harness.Engine.ResumeJobAsync(Name("resumed")));

        Assert.Equal(paused, _harness.Get("resumed"));
        Assert.Equal([Fired("control")], await FireMinute1Async(1));
        var resumed = await _harness.Engine.ResumeJobAsync(Name("resumed"));
        Assert.Equal(Minute1.AddMinutes(1), resumed.ScheduleTime.ToDateTimeOffset());

        var job = Restart().Get("resumed");
        Assert.Equal((Job.Types.State.Enabled, Minute1.AddMinutes(1)), (job.State, job.ScheduleTime.ToDateTimeOffset()));
        Assert.Null(job.LastAttemptTime);
    }

    [Fact]
    public async Task RunJob_WriteFails_NothingSentAndNoAttemptTime()
    {
        var created = await _harness.CreateAsync(SchedulerHarness.HttpJob("forced"));

        await FailingAsync(() => _harness.Engine.RunJobAsync(Name("forced")));

        Assert.Equal(created, _harness.Get("forced"));
        Assert.Equal([Fired("forced")], await FireMinute1Async(1));
        _harness.Time.Advance(TimeSpan.FromSeconds(10));
        await _harness.Engine.RunJobAsync(Name("forced"));
        await _harness.RequestsAsync(2);
        await _harness.SettledAsync();

        Assert.Equal(Minute1.AddSeconds(10), Restart().Get("forced").LastAttemptTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task RpcWriteFails_SharingTheWriteWithRunStarts_StartsKeptAndSentOnce()
    {
        await _harness.CreateAsync(SchedulerHarness.HttpJob("a"));
        await _harness.CreateAsync(SchedulerHarness.HttpJob("b"));
        _store.Failing = true;
        _harness.AdvanceTo(Minute1);
        await Eventually.TrueAsync(() => _store.FailedApplies >= 1, "the starts' write to fail");

        // Both proposals go into writes that also hold the two stored-to-be run starts, superseding a's.
        await Assert.ThrowsAsync<StorageFailedException>(() => _harness.Engine.UpdateJobAsync(new Job { Name = Name("a"), Description = "lost" }, null));
        await Assert.ThrowsAsync<StorageFailedException>(() => _harness.Engine.PauseJobAsync(Name("b")));
        Assert.Equal(0, _harness.Deliverer.Count);
        _store.Failing = false;
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _harness.RequestsAsync(2);
        await _harness.SettledAsync();

        Assert.Equal([Fired("a"), Fired("b")], _harness.Deliverer.Requests
            .Select(r => $"{_harness.Deliverer.Header(r, "X-CloudScheduler-JobName")}@{_harness.Deliverer.Header(r, "X-CloudScheduler-ScheduleTime")}")
            .Order(StringComparer.Ordinal));
        var after = Restart();
        var (a, b) = (after.Get("a"), after.Get("b"));
        Assert.Equal(("", Job.Types.State.Enabled, 0, Minute1), (a.Description, a.State, a.Status.Code, a.LastAttemptTime.ToDateTimeOffset()));
        Assert.Equal((Job.Types.State.Enabled, 0, Minute1), (b.State, b.Status.Code, b.LastAttemptTime.ToDateTimeOffset()));
    }
}
