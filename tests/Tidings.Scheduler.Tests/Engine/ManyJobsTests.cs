using System.Diagnostics;
using Tidings.Scheduler.Tests.Support;
using Tidings.Storage.Sqlite;
using Xunit.Abstractions;

namespace Tidings.Scheduler.Tests.Engine;

/// <summary>
/// 10,000 jobs firing every minute on the SQLite state store: every one fires at its instant (on the fake clock),
/// each minute, with one timer and group-committed records; the real time a minute takes is reported and bounded.
/// </summary>
public sealed class ManyJobsTests : IDisposable
{
    private const int Jobs = 10_000;
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 1, 0, 1, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly ScriptedStateStore _store;
    private readonly SchedulerHarness _harness;
    private readonly ITestOutputHelper _output;

    public ManyJobsTests(ITestOutputHelper output)
    {
        _output = output;
        _store = new ScriptedStateStore(new SqliteStateStore(Path.Combine(_directory.Path, "state.db")));
        _harness = new SchedulerHarness(_store);
    }

    public void Dispose()
    {
        _harness.Dispose();
        _store.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task TenThousandEveryMinute_TwoMinutes_AllFireOnTimeEachMinute()
    {
        await Task.WhenAll(Enumerable.Range(0, Jobs).Select(i => _harness.CreateAsync(SchedulerHarness.HttpJob($"job-{i:D5}"))));

        for (var minute = 0; minute < 2; minute++)
        {
            var instant = Minute1.AddMinutes(minute);
            var writesBefore = _store.Applies;
            var clock = Stopwatch.StartNew();
            _harness.AdvanceTo(instant);
            await Eventually.TrueAsync(() => _harness.Deliverer.Count >= Jobs * (minute + 1), $"{Jobs} requests in minute {minute}", timeoutMs: 30_000);
            await _harness.SettledAsync();
            _output.WriteLine($"minute {minute}: {Jobs} jobs fired and recorded in {clock.ElapsedMilliseconds} ms of real time, {_store.Applies - writesBefore} writes");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{clock.ElapsedMilliseconds} ms");
            // Claims and outcomes are group-committed: fewer durable writes than the 20,000 records of the minute.
            Assert.True(_store.Applies - writesBefore < Jobs, $"{_store.Applies - writesBefore} writes");

            var jobs = _harness.Engine.ListJobs(SchedulerHarness.Parent, 500, "");
            Assert.All(jobs.Items, job => Assert.Equal(instant, job.LastAttemptTime.ToDateTimeOffset()));
        }
        var times = _harness.Deliverer.Requests.Select(r => _harness.Deliverer.Header(r, "X-CloudScheduler-ScheduleTime")).ToList();
        Assert.Equal(Jobs, times.Count(t => t == "2026-01-01T00:01:00Z"));
        Assert.Equal(Jobs, times.Count(t => t == "2026-01-01T00:02:00Z"));
    }
}
