using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using CloudTask = Google.Cloud.Tasks.V2.Task;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Bench;

/// <summary>Settings of the Cloud Tasks scenarios (<c>Tidings.Bench tasks</c>).</summary>
internal sealed record TasksBenchOptions(int Queues, int Tasks, int Concurrency, int Rate, int Seconds)
{
    public static TasksBenchOptions From(CommandLine cl) => new(
        cl.Int("queues", 64, 1), cl.Int("n", 100_000, 1), cl.Int("concurrency", 64, 1), cl.Int("rate", 1000, 1), cl.Int("seconds", 10, 1));
}

/// <summary>
/// Cloud Tasks through its gRPC API against a server the bench starts, to a local receiver (<see cref="TaskReceiver"/>):
/// T1 CreateTask throughput (N tasks of 100 B over Q paused queues, C calls in flight); T2 dispatch throughput (the
/// queues resumed, until the receiver has all N; each queue at Google's cap of 500/s, so Q × 500 bounds it); T3
/// dispatch lateness (tasks created at a fixed rate, each scheduled 2 s ahead, over 4 queues; lateness = arrival −
/// X-CloudTasks-TaskETA by the wall clock). Results go to &lt;out-dir&gt;/tasks-&lt;label&gt;.jsonl.
/// </summary>
internal static class TasksBench
{
    private const string Location = "projects/bench/locations/local";
    private static readonly TimeSpan ScheduleAhead = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(BenchOptions o, TasksBenchOptions t)
    {
        await using var receiver = await TaskReceiver.StartAsync();
        await using var server = o.ServerDll is not null ? await TidingsServer.StartAsync(o, CancellationToken.None) : null;
        var endpoint = server?.Endpoint ?? o.Endpoint!;
        var meter = new ProcessMeter(server?.Pid ?? o.ServerPid);
        using var channel = GrpcChannel.ForAddress(endpoint);
        var client = new CloudTasks.CloudTasksClient(channel);
        Log($"{o.Label} ({o.Mode}) at {endpoint}; receiver {receiver.Url}; {t}");
        var results = new Dictionary<string, object>
        {
            ["label"] = o.Label,
            ["mode"] = o.Mode,
            ["queues"] = t.Queues,
            ["tasks"] = t.Tasks,
            ["concurrency"] = t.Concurrency,
            ["rate"] = t.Rate,
            ["seconds"] = t.Seconds,
            ["utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };

        var queues = new List<string>();
        for (var i = 0; i < t.Queues; i++)
        {
            var queue = await client.CreateQueueAsync(new CreateQueueRequest
            {
                Parent = Location,
                Queue = new Queue { Name = $"{Location}/queues/bench-{i}", RateLimits = new RateLimits { MaxDispatchesPerSecond = 500 } },
            });
            await client.PauseQueueAsync(new PauseQueueRequest { Name = queue.Name });
            queues.Add(queue.Name);
        }

        // Warm-up: the gRPC path and the dispatch path, untimed.
        await CreateAsync(client, queues, Math.Min(5000, t.Tasks), t.Concurrency, receiver.Url, scheduleAhead: null);
        receiver.Reset(Math.Min(5000, t.Tasks));
        await ResumeAllAsync(client, queues);
        await receiver.WaitAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        await PauseAllAsync(client, queues);

        // T1: create.
        receiver.Reset(t.Tasks);
        var create = meter.Start();
        await CreateAsync(client, queues, t.Tasks, t.Concurrency, receiver.Url, scheduleAhead: null);
        var created = create.Stop();
        Record(results, "t1", created, t.Tasks);
        Log($"T1 created {t.Tasks} tasks in {created.Seconds:0.00} s: {t.Tasks / created.Seconds:N0}/s (server CPU {created.ServerCpuPct:0}%, RSS peak {created.ServerRssPeakMib:0} MiB)");

        // T2: dispatch.
        var dispatch = meter.Start();
        await ResumeAllAsync(client, queues);
        await receiver.WaitAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        var dispatched = dispatch.Stop();
        Record(results, "t2", dispatched, t.Tasks);
        Log($"T2 dispatched {t.Tasks} tasks in {dispatched.Seconds:0.00} s: {t.Tasks / dispatched.Seconds:N0}/s (server CPU {dispatched.ServerCpuPct:0}%, RSS peak {dispatched.ServerRssPeakMib:0} MiB)");

        // T3: lateness at a fixed rate, tasks scheduled ahead so the dispatcher has to wake for each.
        var lateQueues = queues.Take(Math.Min(4, queues.Count)).ToList();
        var total = t.Rate * t.Seconds;
        receiver.Reset(total);
        var paced = meter.Start();
        var lateSends = await PacedCreateAsync(client, lateQueues, t.Rate, t.Seconds, receiver.Url);
        await receiver.WaitAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        var pacedStats = paced.Stop();
        var lateness = receiver.Lateness();
        results["t3_p50_ms"] = TaskReceiver.Percentile(lateness, 50);
        results["t3_p99_ms"] = TaskReceiver.Percentile(lateness, 99);
        results["t3_p999_ms"] = TaskReceiver.Percentile(lateness, 99.9);
        results["t3_max_ms"] = lateness.Length > 0 ? lateness[^1] : double.NaN;
        results["t3_late_sends"] = lateSends;
        results["t3_server_cpu_pct"] = pacedStats.ServerCpuPct ?? double.NaN;
        Log(string.Create(CultureInfo.InvariantCulture,
            $"T3 {total} tasks at {t.Rate}/s scheduled {ScheduleAhead.TotalSeconds} s ahead: lateness p50 {results["t3_p50_ms"]:0.0} ms, p99 {results["t3_p99_ms"]:0.0} ms, p99.9 {results["t3_p999_ms"]:0.0} ms, max {results["t3_max_ms"]:0.0} ms (sends > 10 ms behind schedule: {lateSends})"));

        Directory.CreateDirectory(o.OutDir);
        var path = Path.Combine(o.OutDir, $"tasks-{o.Label}.jsonl");
        await File.AppendAllTextAsync(path, JsonSerializer.Serialize(results) + Environment.NewLine);
        Log($"results: {path}");
        return 0;
    }

    private static void Record(Dictionary<string, object> results, string phase, PhaseStats stats, int tasks)
    {
        results[$"{phase}_seconds"] = stats.Seconds;
        results[$"{phase}_per_second"] = tasks / stats.Seconds;
        results[$"{phase}_server_cpu_pct"] = stats.ServerCpuPct ?? double.NaN;
        results[$"{phase}_server_rss_peak_mib"] = stats.ServerRssPeakMib ?? double.NaN;
    }

    private static CloudTask NewTask(string url, Timestamp? scheduleTime) => new()
    {
        HttpRequest = new HttpRequest { Url = url, Body = ByteString.CopyFrom(new byte[100]) },
        ScheduleTime = scheduleTime,
    };

    /// <summary><paramref name="count"/> CreateTask calls spread round-robin over the queues, <paramref name="concurrency"/> in flight.</summary>
    private static async Task CreateAsync(CloudTasks.CloudTasksClient client, List<string> queues, int count, int concurrency, string url, TimeSpan? scheduleAhead)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var schedule = scheduleAhead is { } ahead ? Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow + ahead) : null;
                await client.CreateTaskAsync(new CreateTaskRequest { Parent = queues[i % queues.Count], Task = NewTask(url, schedule) });
            }
        });
        await Task.WhenAll(workers);
    }

    /// <summary>Creates <paramref name="rate"/> tasks a second for <paramref name="seconds"/>, each due 2 s later; returns the sends more than 10 ms behind.</summary>
    private static async Task<int> PacedCreateAsync(CloudTasks.CloudTasksClient client, List<string> queues, int rate, int seconds, string url)
    {
        var total = rate * seconds;
        var pending = new List<Task>(total);
        var late = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.Sleep(1);
            }
            if ((Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency > 10)
            {
                late++;
            }
            var task = NewTask(url, Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow + ScheduleAhead));
            pending.Add(client.CreateTaskAsync(new CreateTaskRequest { Parent = queues[i % queues.Count], Task = task }).ResponseAsync);
        }
        await Task.WhenAll(pending);
        return late;
    }

    private static Task ResumeAllAsync(CloudTasks.CloudTasksClient client, List<string> queues) =>
        Task.WhenAll(queues.Select(queue => client.ResumeQueueAsync(new ResumeQueueRequest { Name = queue }).ResponseAsync));

    private static Task PauseAllAsync(CloudTasks.CloudTasksClient client, List<string> queues) =>
        Task.WhenAll(queues.Select(queue => client.PauseQueueAsync(new PauseQueueRequest { Name = queue }).ResponseAsync));

    private static void Log(string line) => Console.Error.WriteLine($"[bench tasks] {line}");
}
