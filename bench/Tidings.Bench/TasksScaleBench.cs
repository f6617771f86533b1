using System.Globalization;
using System.Text.Json;
using Google.Cloud.Tasks.V2;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Bench;

/// <summary>
/// Cloud Tasks with one huge queue (<c>tasks --scale N</c>), each phase bounded in time:
/// <list type="number">
/// <item>Fill: N CreateTask calls into one paused queue (at most <c>--scale-seconds</c>); the first
/// 500 × <c>--drain-seconds</c> are due at once, the rest an hour later.</item>
/// <item>Full: the server's memory with the queue full and idle.</item>
/// <item>Drain: the queue resumed; it sends its due tasks at Google's cap of 500/s while <c>--rate</c> tasks/s go to
/// four other queues for <c>--seconds</c>, each due 2 s after it is sent: their lateness, and the memory, while the
/// huge queue drains.</item>
/// <item>In the huge queue: min(<c>--rate</c>, 400) tasks/s into the huge queue itself (its cap is 500/s), due 2 s
/// ahead, with the rest of its tasks pending behind them: their lateness.</item>
/// </list>
/// Memory is sampled every 0.5 s from /proc (RSS, and its anonymous part: managed heap, native heaps, SQLite's page
/// cache). Results go to &lt;out-dir&gt;/tasks-scale-&lt;label&gt;.jsonl.
/// </summary>
internal static class TasksScaleBench
{
    private const int QueueCap = 500;
    private const int HugeQueueRate = 400;

    public static async Task<int> RunAsync(BenchOptions o, TasksBenchOptions t, CloudTasks.CloudTasksClient[] clients, TaskReceiver receiver, ProcessMeter meter,
        string? dataDir)
    {
        var client = clients[0];
        var results = new Dictionary<string, object>
        {
            ["label"] = o.Label,
            ["mode"] = o.Mode,
            ["scale"] = t.Scale,
            ["scale_seconds_limit"] = t.ScaleSeconds,
            ["concurrency"] = t.Concurrency,
            ["channels"] = t.Channels,
            ["rate"] = t.Rate,
            ["seconds"] = t.Seconds,
            ["utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        var huge = await CreateQueueAsync(client, "bench-huge");
        await client.PauseQueueAsync(new PauseQueueRequest { Name = huge });
        var side = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            side.Add(await CreateQueueAsync(client, $"bench-side-{i}"));
        }
        var baseline = Memory(meter);
        results["empty_rss_mib"] = baseline.Rss;

        // Fill.
        var dueNow = Math.Min(t.Scale, QueueCap * t.DrainSeconds);
        var later = DateTimeOffset.UtcNow + TimeSpan.FromHours(1);
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(t.ScaleSeconds));
        var fill = meter.Start();
        using (var sampler = new MemorySampler(meter))
        {
            var created = await TasksBench.CreateAsync(clients, [huge], t.Scale, t.Concurrency, receiver.Url, scheduleAhead: null,
                scheduleAt: i => i < dueNow ? null : later, budget.Token);
            var stats = fill.Stop();
            TasksBench.Record(results, "fill", stats, created);
            results["fill_created"] = created;
            results["fill_rss_max_mib"] = sampler.MaxRss;
            TasksBench.Log($"fill: {created:N0} tasks in {stats.Seconds:0.0} s: {created / stats.Seconds:N0}/s (server CPU {stats.ServerCpuPct:0}%, RSS max {sampler.MaxRss:0} MiB)");
        }

        // Full and idle.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var full = Memory(meter);
        results["full_rss_mib"] = full.Rss;
        results["full_rss_anon_mib"] = full.Anon;
        results["full_rss_file_mib"] = full.File;
        if (dataDir is not null && File.Exists(Path.Combine(dataDir, "tasks.db")))
        {
            results["full_tasks_db_mib"] = Directory.GetFiles(dataDir, "tasks.db*").Sum(path => new FileInfo(path).Length) / 1048576.0;
        }
        TasksBench.Log($"full: RSS {full.Rss:0} MiB (anonymous {full.Anon:0}, files {full.File:0}); empty server {baseline.Rss:0} MiB");

        // Drain, with lateness elsewhere.
        var sideTotal = t.Rate * t.Seconds;
        receiver.Reset(sideTotal, "bench-side-");
        var drain = meter.Start();
        using (var sampler = new MemorySampler(meter))
        {
            await client.ResumeQueueAsync(new ResumeQueueRequest { Name = huge });
            var lateSends = await TasksBench.PacedCreateAsync(clients, side, t.Rate, t.Seconds, receiver.Url);
            await receiver.WaitAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds((t.DrainSeconds * 3) + 60);
            while (receiver.OtherCount < dueNow && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            var stats = drain.Stop();
            var drained = receiver.OtherCount;
            results["drain_due"] = dueNow;
            results["drain_dispatched"] = drained;
            results["drain_per_second"] = drained / stats.Seconds;
            results["drain_seconds"] = stats.Seconds;
            results["drain_server_cpu_pct"] = stats.ServerCpuPct ?? double.NaN;
            results["drain_rss_max_mib"] = sampler.MaxRss;
            results["drain_rss_anon_max_mib"] = sampler.MaxAnon;
            Lateness(results, "drain_side", receiver, lateSends);
            TasksBench.Log(string.Create(CultureInfo.InvariantCulture,
                $"drain: {drained:N0} of {dueNow:N0} due in {stats.Seconds:0.0} s ({drained / stats.Seconds:N0}/s), RSS max {sampler.MaxRss:0} MiB (anonymous {sampler.MaxAnon:0}); other queues at {t.Rate}/s meanwhile: lateness p50 {results["drain_side_p50_ms"]:0.0} ms, p99 {results["drain_side_p99_ms"]:0.0} ms, max {results["drain_side_max_ms"]:0.0} ms"));
        }

        // Lateness inside the huge queue.
        var rate = Math.Min(t.Rate, HugeQueueRate);
        receiver.Reset(rate * t.Seconds, "bench-huge");
        using (var sampler = new MemorySampler(meter))
        {
            var lateSends = await TasksBench.PacedCreateAsync(clients, [huge], rate, t.Seconds, receiver.Url);
            await receiver.WaitAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
            results["huge_rate"] = rate;
            results["huge_rss_max_mib"] = sampler.MaxRss;
            Lateness(results, "huge", receiver, lateSends);
            TasksBench.Log(string.Create(CultureInfo.InvariantCulture,
                $"in the huge queue at {rate}/s: lateness p50 {results["huge_p50_ms"]:0.0} ms, p99 {results["huge_p99_ms"]:0.0} ms, p99.9 {results["huge_p999_ms"]:0.0} ms, max {results["huge_max_ms"]:0.0} ms; RSS max {sampler.MaxRss:0} MiB"));
        }

        Directory.CreateDirectory(o.OutDir);
        var path = Path.Combine(o.OutDir, $"tasks-scale-{o.Label}.jsonl");
        await File.AppendAllTextAsync(path, JsonSerializer.Serialize(results) + Environment.NewLine);
        TasksBench.Log($"results: {path}");
        return 0;
    }

    private static async Task<string> CreateQueueAsync(CloudTasks.CloudTasksClient client, string id) =>
        (await client.CreateQueueAsync(new CreateQueueRequest
        {
            Parent = TasksBench.Location,
            Queue = new Queue { Name = $"{TasksBench.Location}/queues/{id}", RateLimits = new RateLimits { MaxDispatchesPerSecond = QueueCap } },
        })).Name;

    private static void Lateness(Dictionary<string, object> results, string phase, TaskReceiver receiver, int lateSends)
    {
        var lateness = receiver.Lateness();
        results[$"{phase}_received"] = lateness.Length;
        results[$"{phase}_p50_ms"] = TaskReceiver.Percentile(lateness, 50);
        results[$"{phase}_p99_ms"] = TaskReceiver.Percentile(lateness, 99);
        results[$"{phase}_p999_ms"] = TaskReceiver.Percentile(lateness, 99.9);
        results[$"{phase}_max_ms"] = lateness.Length > 0 ? lateness[^1] : double.NaN;
        results[$"{phase}_late_sends"] = lateSends;
    }

    private static (double Rss, double Anon, double File) Memory(ProcessMeter meter)
    {
        var (_, rss) = meter.Rss();
        var (anon, file) = meter.RssParts();
        return ((rss ?? 0) / 1024.0, (anon ?? 0) / 1024.0, (file ?? 0) / 1024.0);
    }

    /// <summary>The largest RSS seen every 0.5 s until disposed.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public MemorySampler(ProcessMeter meter) => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var (rss, anon, _) = Memory(meter);
                MaxRss = Math.Max(MaxRss, rss);
                MaxAnon = Math.Max(MaxAnon, anon);
                try
                {
                    await Task.Delay(500, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        public double MaxRss { get; private set; }

        public double MaxAnon { get; private set; }

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }
    }
}
