using Microsoft.Extensions.Time.Testing;
using Tidings.Delivery;
using Tidings.Scheduler.Persistence;
using Tidings.Scheduler.Tests.Support;
using Tidings.Storage.InMemory;
using Tidings.Storage.Sqlite;
using Tidings.Storage.State;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>
/// Jobs and what has fired survive a restart on the SQLite state store: no instant fires twice, not after a clean
/// stop nor after a crash in the middle of an attempt; runs missed while down follow the misfire policy.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "state.db");

    public void Dispose() => _directory.Dispose();

    private static List<string> ScheduleTimes(SchedulerHarness harness) =>
        [.. harness.Deliverer.Requests.Select(r => harness.Deliverer.Header(r, "X-CloudScheduler-ScheduleTime"))];

    [Fact]
    public async Task CleanRestart_AfterAFire_SameInstantNotFiredAgain()
    {
        using (var before = new SchedulerHarness(new SqliteStateStore(DatabasePath)))
        {
            await before.CreateAsync(SchedulerHarness.HttpJob("durable"));
            before.AdvanceTo(Minute1);
            await before.RequestsAsync(1);
            await before.SettledAsync();
            before.Engine.Dispose();
            before.State.Dispose();
        }

        using var after = new SchedulerHarness(new SqliteStateStore(DatabasePath), time: new FakeTimeProvider(Minute1.AddSeconds(20)));
        try
        {
            var job = after.Get("durable");
            Assert.Equal(0, job.Status.Code);
            Assert.Equal(Minute1, job.LastAttemptTime.ToDateTimeOffset());
            Assert.Equal(Minute1.AddMinutes(1), job.ScheduleTime.ToDateTimeOffset());

            after.AdvanceTo(Minute1.AddMinutes(1));
            await after.RequestsAsync(1);
            await after.SettledAsync();
            Assert.Equal(["2026-01-01T00:02:00Z"], ScheduleTimes(after));
        }
        finally
        {
            after.Engine.Dispose();
            after.State.Dispose();
        }
    }

    [Fact]
    public async Task Crash_DuringAnAttempt_AttemptNotRepeatedStatusUnknown()
    {
        var hanging = new TaskCompletionSource<DeliveryResult>();
        var deliverer = new FakeDeliverer { Respond = _ => hanging.Task };
        using var before = new SchedulerHarness(new SqliteStateStore(DatabasePath), deliverer: deliverer);
        await before.CreateAsync(SchedulerHarness.HttpJob("crashy"));
        before.AdvanceTo(Minute1);
        await before.RequestsAsync(1);

        // What a kill -9 leaves behind: the state on disk while the attempt is still in flight.
        var onDisk = new InMemoryStateStore();
        using (var reader = new SqliteStateStore(DatabasePath))
        {
            onDisk.Apply([.. reader.LoadAll(JobDocuments.JobKind).Select(d => StateChange.Put(d.Kind, d.Key, d.Value))]);
        }
        hanging.SetResult(FakeDeliverer.Status(200));

        using var after = new SchedulerHarness(onDisk, time: new FakeTimeProvider(Minute1.AddSeconds(5)));
        var job = after.Get("crashy");
        Assert.Equal(2, job.Status.Code);
        Assert.Equal(Minute1.AddMinutes(1), job.ScheduleTime.ToDateTimeOffset());
        after.AdvanceTo(Minute1.AddMinutes(1));
        await after.RequestsAsync(1);
        await after.SettledAsync();
        Assert.Equal(["2026-01-01T00:02:00Z"], ScheduleTimes(after));
        before.Engine.Dispose();
        before.State.Dispose();
    }

    [Theory]
    [InlineData(MisfirePolicy.Once)]
    [InlineData(MisfirePolicy.Skip)]
    public async Task Downtime_MissedRuns_FollowTheMisfirePolicy(MisfirePolicy policy)
    {
        using (var before = new SchedulerHarness(new SqliteStateStore(DatabasePath)))
        {
            await before.CreateAsync(SchedulerHarness.HttpJob("missed"));
            before.Engine.Dispose();
            before.State.Dispose();
        }

        // Down from 00:00:30 to 00:05:10: the runs of 00:01 to 00:05 were missed.
        var restartedAt = Minute1.AddMinutes(4).AddSeconds(10);
        using var after = new SchedulerHarness(new SqliteStateStore(DatabasePath), new SchedulerOptions { MisfirePolicy = policy }, new FakeTimeProvider(restartedAt));
        try
        {
            if (policy == MisfirePolicy.Once)
            {
                await after.RequestsAsync(1);
                await after.SettledAsync();
                Assert.Equal(restartedAt, after.Get("missed").LastAttemptTime.ToDateTimeOffset());
            }
            Assert.Equal(Minute1.AddMinutes(5), after.Get("missed").ScheduleTime.ToDateTimeOffset());

            after.AdvanceTo(Minute1.AddMinutes(5));
            await after.RequestsAsync(policy == MisfirePolicy.Once ? 2 : 1);
            await after.SettledAsync();
            List<string> expected = policy == MisfirePolicy.Once
                ? ["2026-01-01T00:01:00Z", "2026-01-01T00:06:00Z"]
                : ["2026-01-01T00:06:00Z"];
            Assert.Equal(expected, ScheduleTimes(after));
        }
        finally
        {
            after.Engine.Dispose();
            after.State.Dispose();
        }
    }
}
