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
/// <param name="Creator"><c>dotnet</c> (the .NET gRPC client, default) or <c>h2load</c> (<see cref="H2LoadCreator"/>) for T1's CreateTask calls.</param>
internal sealed record TasksBenchOptions(int Queues, int Tasks, int Concurrency, int Channels, int Rate, int Seconds, int Scale, int ScaleSeconds, int DrainSeconds,
    string Creator, int Warmup)
{
    public static TasksBenchOptions From(CommandLine cl) => new(
        cl.Int("queues", 64, 1), cl.Int("n", 100_000, 1), cl.Int("concurrency", 64, 1), cl.Int("channels", 4, 1), cl.Int("rate", 1000, 1),
        cl.Int("seconds", 10, 1), cl.Int("scale", 0, 0), cl.Int("scale-seconds", 300, 1), cl.Int("drain-seconds", 30, 1),
        ParseCreator(cl.Str("creator", "dotnet")), cl.Int("warmup", 60_000, 0));

    private static string ParseCreator(string creator) => creator is "dotnet" or "h2load"
        ? creator
        : throw new UsageException($"--creator {creator}: dotnet or h2load");
}

/// <summary>
/// Cloud Tasks through its gRPC API against a server the bench starts, to a local receiver (<see cref="TaskReceiver"/>):
/// T1 CreateTask throughput (N tasks of 100 B over Q paused queues, C calls in flight over K HTTP/2 connections); T2 dispatch throughput (the
/// queues resumed, until the receiver has all N; each queue at Google's cap of 500/s, so Q × 500 bounds it); T3
/// dispatch lateness (tasks created at a fixed rate, each scheduled 2 s ahead, over 4 queues; lateness = arrival −
/// X-CloudTasks-TaskETA by the wall clock). Results go to &lt;out-dir&gt;/tasks-&lt;label&gt;.jsonl.
/// </summary>
internal static class TasksBench
{
    public const string Location = "projects/bench/locations/local";
    public static readonly TimeSpan ScheduleAhead = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(BenchOptions o, TasksBenchOptions t)
    {
        await using var receiver = await TaskReceiver.StartAsync();
        await using var server = o.ServerDll is not null ? await TidingsServer.StartAsync(o, CancellationToken.None) : null;
        var endpoint = server?.Endpoint ?? o.Endpoint!;
        var meter = new ProcessMeter(server?.Pid ?? o.ServerPid);
        // One HTTP/2 connection per channel: a single connection's one reader and writer became the client's bottleneck.
        // A cluster's nodes (a comma-separated --endpoint) take the channels in turn.
        var endpoints = endpoint.Split(',');
        var channels = Enumerable.Range(0, t.Channels).Select(i => GrpcChannel.ForAddress(endpoints[i % endpoints.Length])).ToList();
        try
        {
            var clients = channels.Select(channel => new CloudTasks.CloudTasksClient(channel)).ToArray();
            Log($"{o.Label} ({o.Mode}) at {endpoint}; receiver {receiver.Url}; {t}");
            return t.Scale > 0
                ? await TasksScaleBench.RunAsync(o, t, clients, receiver, meter, server?.DataDir)
                : await RunThroughputAsync(o, t, endpoint, clients, receiver, meter);
        }
        finally
        {
            channels.ForEach(channel => channel.Dispose());
        }
    }

    private static async Task<int> RunThroughputAsync(BenchOptions o, TasksBenchOptions t, string endpoint, CloudTasks.CloudTasksClient[] clients,
        TaskReceiver receiver, ProcessMeter meter)
    {
        var client = clients[0];
        var results = new Dictionary<string, object>
        {
            ["label"] = o.Label,
            ["mode"] = o.Mode,
            ["queues"] = t.Queues,
            ["tasks"] = t.Tasks,
            ["concurrency"] = t.Concurrency,
            ["channels"] = t.Channels,
            ["rate"] = t.Rate,
            ["seconds"] = t.Seconds,
            ["creator"] = t.Creator,
            ["warmup"] = t.Warmup,
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

        // Warm-up: the gRPC path and the dispatch path, untimed (with h2load, its path too).
        var warmup = Math.Min(t.Warmup, t.Tasks);
        await CreateWithAsync(t, endpoint, clients, queues, warmup, receiver.Url);
        if (t.Creator == "h2load")
        {
            await CountTasksAsync(client, queues, warmup);
        }
        receiver.Reset(warmup);
        await ResumeAllAsync(client, queues);
        await receiver.WaitAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        await PauseAllAsync(client, queues);

        // T1: create.
        receiver.Reset(t.Tasks);
        var create = meter.Start();
        await CreateWithAsync(t, endpoint, clients, queues, t.Tasks, receiver.Url);
        var created = create.Stop();
        if (t.Creator == "h2load")
        {
            await CountTasksAsync(client, queues, t.Tasks);
        }
        Record(results, "t1", created, t.Tasks);
        Log($"T1 created {t.Tasks} tasks in {created.Seconds:0.00} s: {t.Tasks / created.Seconds:N0}/s (server CPU {created.ServerCpuPct:0}% = {results["t1_server_us_per_task"]:0} µs/task, bench {results["t1_bench_us_per_task"]:0} µs/task, RSS peak {created.ServerRssPeakMib:0} MiB)");

        // T2: dispatch.
        var dispatch = meter.Start();
        await ResumeAllAsync(client, queues);
        await receiver.WaitAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        var dispatched = dispatch.Stop();
        Record(results, "t2", dispatched, t.Tasks);
        Log($"T2 dispatched {t.Tasks} tasks in {dispatched.Seconds:0.00} s: {t.Tasks / dispatched.Seconds:N0}/s (server CPU {dispatched.ServerCpuPct:0}% = {results["t2_server_us_per_task"]:0} µs/task, bench {results["t2_bench_us_per_task"]:0} µs/task, RSS peak {dispatched.ServerRssPeakMib:0} MiB)");

        // T3: lateness at a fixed rate, tasks scheduled ahead so the dispatcher has to wake for each.
        var lateQueues = queues.Take(Math.Min(4, queues.Count)).ToList();
        var total = t.Rate * t.Seconds;
        receiver.Reset(total);
        var paced = meter.Start();
        var lateSends = await PacedCreateAsync(clients, lateQueues, t.Rate, t.Seconds, receiver.Url);
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
        // Without --server-pid (a server started elsewhere) the server's figures are NaN: written as null, not a crash.
        var known = results.ToDictionary(pair => pair.Key, pair => (object?)(pair.Value is double d && double.IsNaN(d) ? null : pair.Value));
        await File.AppendAllTextAsync(path, JsonSerializer.Serialize(known) + Environment.NewLine);
        Log($"results: {path}");
        return 0;
    }

    /// <summary>
    /// <paramref name="count"/> tasks due at once through T1's creator, into queues that are paused and empty. With
    /// h2load, which sees HTTP statuses only (a gRPC error is a 200 too), the queues are then counted (after the timed
    /// part: the caller stops its clock first) by <see cref="CountTasksAsync"/>.
    /// </summary>
    private static async Task CreateWithAsync(TasksBenchOptions t, string endpoint, CloudTasks.CloudTasksClient[] clients, List<string> queues, int count, string url)
    {
        if (t.Creator == "h2load")
        {
            await H2LoadCreator.CreateAsync(endpoint, queues, count, t.Concurrency, t.Channels, url, TimeSpan.FromMinutes(5));
            return;
        }
        await CreateAsync(clients, queues, count, t.Concurrency, url, scheduleAhead: null);
    }

    /// <summary>Throws unless the queues hold <paramref name="expected"/> tasks in all (ListTasks, 1,000 a page).</summary>
    private static async Task CountTasksAsync(CloudTasks.CloudTasksClient client, List<string> queues, int expected)
    {
        var total = 0;
        foreach (var queue in queues)
        {
            var token = "";
            do
            {
                var page = await client.ListTasksAsync(new ListTasksRequest { Parent = queue, PageSize = 1000, PageToken = token });
                total += page.Tasks.Count;
                token = page.NextPageToken;
            }
            while (token.Length > 0);
        }
        if (total != expected)
        {
            throw new InvalidOperationException($"h2load's calls created {total} tasks, not {expected}: some CreateTask calls failed.");
        }
    }

    /// <summary>The phase's time and rate, and the CPU it cost per task: server and bench (client and receiver), in µs.</summary>
    public static void Record(Dictionary<string, object> results, string phase, PhaseStats stats, int tasks)
    {
        results[$"{phase}_seconds"] = stats.Seconds;
        results[$"{phase}_per_second"] = tasks / stats.Seconds;
        results[$"{phase}_server_cpu_pct"] = stats.ServerCpuPct ?? double.NaN;
        results[$"{phase}_server_us_per_task"] = (stats.ServerCpuPct ?? double.NaN) / 100 * stats.Seconds * 1e6 / tasks;
        results[$"{phase}_bench_us_per_task"] = stats.ClientCpuPct / 100 * stats.Seconds * 1e6 / tasks;
        results[$"{phase}_server_rss_peak_mib"] = stats.ServerRssPeakMib ?? double.NaN;
    }

    public static CloudTask NewTask(string url, Timestamp? scheduleTime) => new()
    {
        HttpRequest = new HttpRequest { Url = url, Body = ByteString.CopyFrom(new byte[100]) },
        ScheduleTime = scheduleTime,
    };

    /// <summary>
    /// <paramref name="count"/> CreateTask calls spread round-robin over the queues, <paramref name="concurrency"/> in
    /// flight spread over the clients' connections; each task due <paramref name="scheduleAhead"/> after it is sent
    /// (at once when null), or at <paramref name="scheduleAt"/> when given.
    /// </summary>
    /// <returns>How many were created (fewer than <paramref name="count"/> when cancelled).</returns>
    public static async Task<int> CreateAsync(CloudTasks.CloudTasksClient[] clients, List<string> queues, int count, int concurrency, string url, TimeSpan? scheduleAhead,
        Func<int, DateTimeOffset?>? scheduleAt = null, CancellationToken cancellationToken = default)
    {
        var next = -1;
        var created = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var client = clients[worker % clients.Length];
            for (var i = Interlocked.Increment(ref next); i < count && !cancellationToken.IsCancellationRequested; i = Interlocked.Increment(ref next))
            {
                var at = scheduleAt?.Invoke(i) ?? (scheduleAhead is { } ahead ? DateTimeOffset.UtcNow + ahead : null);
                var schedule = at is { } time ? Timestamp.FromDateTimeOffset(time) : null;
                await client.CreateTaskAsync(new CreateTaskRequest { Parent = queues[i % queues.Count], Task = NewTask(url, schedule) });
                Interlocked.Increment(ref created);
            }
        });
        await Task.WhenAll(workers);
        return created;
    }

    /// <summary>Creates <paramref name="rate"/> tasks a second for <paramref name="seconds"/>, each due 2 s later; returns the sends more than 10 ms behind.</summary>
    public static async Task<int> PacedCreateAsync(CloudTasks.CloudTasksClient[] clients, List<string> queues, int rate, int seconds, string url)
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
            pending.Add(clients[i % clients.Length].CreateTaskAsync(new CreateTaskRequest { Parent = queues[i % queues.Count], Task = task }).ResponseAsync);
        }
        await Task.WhenAll(pending);
        return late;
    }

    public static Task ResumeAllAsync(CloudTasks.CloudTasksClient client, List<string> queues) =>
        Task.WhenAll(queues.Select(queue => client.ResumeQueueAsync(new ResumeQueueRequest { Name = queue }).ResponseAsync));

    public static Task PauseAllAsync(CloudTasks.CloudTasksClient client, List<string> queues) =>
        Task.WhenAll(queues.Select(queue => client.PauseQueueAsync(new PauseQueueRequest { Name = queue }).ResponseAsync));

    public static void Log(string line) => Console.Error.WriteLine($"[bench tasks] {line}");
}
