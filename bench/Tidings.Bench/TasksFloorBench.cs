using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Google.Cloud.Tasks.V2;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Tidings.Delivery;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Bench;

/// <summary>
/// The floors under T1 and T2 of <see cref="TasksBench"/>, measured with the same pieces but no task stored
/// (<c>Tidings.Bench tasks --floor</c>): F1, a unary gRPC call that does no storage work (GetQueue of an existing queue,
/// answered from memory) from T1's .NET client at T1's concurrency over T1's connections; F2, the request a dispatch
/// sends (Tidings' own <see cref="HttpDeliverer"/>, a 100 B POST with the <c>X-CloudTasks-*</c> headers of a first
/// attempt) to T2's receiver, from a child process so the sender's CPU and the receiver's are read apart. Each: calls
/// per second and CPU per call on both sides. Results go to &lt;out-dir&gt;/tasks-floor-&lt;label&gt;.jsonl.
/// </summary>
internal static class TasksFloorBench
{
    public static async Task<int> RunAsync(BenchOptions o, TasksBenchOptions t)
    {
        var results = new Dictionary<string, object>
        {
            ["label"] = o.Label,
            ["mode"] = o.Mode,
            ["calls"] = t.Tasks,
            ["concurrency"] = t.Concurrency,
            ["channels"] = t.Channels,
            ["warmup"] = t.Warmup,
            ["utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        await using var receiver = await TaskReceiver.StartAsync();
        await CreateFloorAsync(o, t, results);
        await DispatchFloorAsync(t, receiver, results);

        Directory.CreateDirectory(o.OutDir);
        var path = Path.Combine(o.OutDir, $"tasks-floor-{o.Label}.jsonl");
        var known = results.ToDictionary(pair => pair.Key, pair => (object?)(pair.Value is double d && double.IsNaN(d) ? null : pair.Value));
        await File.AppendAllTextAsync(path, JsonSerializer.Serialize(known) + Environment.NewLine);
        TasksBench.Log($"results: {path}");
        return 0;
    }

    /// <summary>F1: GetQueue calls, <c>--concurrency</c> in flight over <c>--channels</c> connections; server and bench CPU per call.</summary>
    private static async Task CreateFloorAsync(BenchOptions o, TasksBenchOptions t, Dictionary<string, object> results)
    {
        await using var server = o.ServerDll is not null ? await TidingsServer.StartAsync(o, CancellationToken.None) : null;
        var endpoint = server?.Endpoint ?? o.Endpoint!;
        var meter = new ProcessMeter(server?.Pid ?? o.ServerPid);
        var channels = Enumerable.Range(0, t.Channels).Select(_ => GrpcChannel.ForAddress(endpoint)).ToList();
        try
        {
            var clients = channels.Select(channel => new CloudTasks.CloudTasksClient(channel)).ToArray();
            var queue = await clients[0].CreateQueueAsync(new CreateQueueRequest
            {
                Parent = TasksBench.Location,
                Queue = new Queue { Name = $"{TasksBench.Location}/queues/floor" },
            });
            await GetQueuesAsync(clients, queue.Name, t.Warmup, t.Concurrency);
            var measure = meter.Start();
            await GetQueuesAsync(clients, queue.Name, t.Tasks, t.Concurrency);
            var stats = measure.Stop();
            TasksBench.Record(results, "f1", stats, t.Tasks);
            TasksBench.Log($"F1 {t.Tasks} GetQueue calls in {stats.Seconds:0.00} s: {t.Tasks / stats.Seconds:N0}/s (server {results["f1_server_us_per_task"]:0} µs/call, bench {results["f1_bench_us_per_task"]:0} µs/call)");
        }
        finally
        {
            channels.ForEach(channel => channel.Dispose());
        }
    }

    private static async Task GetQueuesAsync(CloudTasks.CloudTasksClient[] clients, string queue, int count, int concurrency)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var client = clients[worker % clients.Length];
            while (Interlocked.Increment(ref next) < count)
            {
                await client.GetQueueAsync(new GetQueueRequest { Name = queue });
            }
        });
        await Task.WhenAll(workers);
    }

    /// <summary>
    /// F2: a child process (<see cref="SendAsync"/>) sends the requests; the bench, which runs the receiver, reads the
    /// child's CPU from /proc in the server's place. The child warms up, says "ready", sends on "go", says "done",
    /// and exits when its input closes (so its CPU is read while it runs).
    /// </summary>
    private static async Task DispatchFloorAsync(TasksBenchOptions t, TaskReceiver receiver, Dictionary<string, object> results)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }
        foreach (var arg in new[] { "tasks-floor-sender", "--url", receiver.Url, "--n", t.Tasks.ToString(CultureInfo.InvariantCulture),
                     "--concurrency", t.Concurrency.ToString(CultureInfo.InvariantCulture), "--warmup", t.Warmup.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        receiver.Reset(t.Warmup);
        using var sender = Process.Start(start)!;
        try
        {
            await Expect(sender, "ready");
            receiver.Reset(t.Tasks);
            var measure = new ProcessMeter(sender.Id).Start();
            await sender.StandardInput.WriteLineAsync("go");
            await sender.StandardInput.FlushAsync();
            await Expect(sender, "done");
            var stats = measure.Stop();
            await receiver.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            results["f2_seconds"] = stats.Seconds;
            results["f2_per_second"] = t.Tasks / stats.Seconds;
            results["f2_sender_us_per_request"] = (stats.ServerCpuPct ?? double.NaN) / 100 * stats.Seconds * 1e6 / t.Tasks;
            results["f2_receiver_us_per_request"] = stats.ClientCpuPct / 100 * stats.Seconds * 1e6 / t.Tasks;
            TasksBench.Log($"F2 {t.Tasks} dispatch requests in {stats.Seconds:0.00} s: {t.Tasks / stats.Seconds:N0}/s (sender {results["f2_sender_us_per_request"]:0} µs/request, receiver {results["f2_receiver_us_per_request"]:0} µs/request)");
        }
        finally
        {
            sender.StandardInput.Close();
            if (!sender.WaitForExit(30_000))
            {
                sender.Kill();
            }
        }
    }

    private static async Task Expect(Process process, string word)
    {
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (line != word)
        {
            throw new InvalidOperationException($"The floor's sender said '{line}', not '{word}'.");
        }
    }

    /// <summary>The child of F2 (<c>Tidings.Bench tasks-floor-sender --url U --n N --concurrency C --warmup W</c>).</summary>
    public static async Task<int> SendAsync(CommandLine cl)
    {
        var url = new Uri(cl.Str("url") ?? throw new UsageException("--url is required"));
        var count = cl.Int("n", 100_000, 1);
        var concurrency = cl.Int("concurrency", 64, 1);
        var warmup = cl.Int("warmup", 60_000, 0);
        using var deliverer = new HttpDeliverer(new NoTokens(), EndpointAllowList.AllowAll, TimeProvider.System, NullLogger<HttpDeliverer>.Instance);
        await SendManyAsync(deliverer, url, warmup, concurrency);
        Console.WriteLine("ready");
        if (await Console.In.ReadLineAsync() != "go")
        {
            return 1;
        }
        await SendManyAsync(deliverer, url, count, concurrency);
        Console.WriteLine("done");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>What the dispatcher sends for a first attempt of an HTTP task of 100 B without headers of its own.</summary>
    private static async Task SendManyAsync(HttpDeliverer deliverer, Uri url, int count, int concurrency)
    {
        var body = new byte[100];
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var eta = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture);
                var request = new HttpDeliveryRequest(url, body, null,
                [
                    new("X-CloudTasks-QueueName", "floor"),
                    new("X-CloudTasks-TaskName", i.ToString(CultureInfo.InvariantCulture)),
                    new("X-CloudTasks-TaskRetryCount", "0"),
                    new("X-CloudTasks-TaskExecutionCount", "0"),
                    new("X-CloudTasks-TaskETA", eta),
                ], TimeSpan.FromMinutes(10), null);
                var result = await deliverer.SendAsync(request, CancellationToken.None);
                if (result.Outcome != DeliveryOutcome.Responded || result.StatusCode != 200)
                {
                    throw new InvalidOperationException($"The receiver answered {result.Outcome} {result.StatusCode}: {result.Error}");
                }
            }
        });
        await Task.WhenAll(workers);
    }

    /// <summary>The floor's tasks carry no tokens.</summary>
    private sealed class NoTokens : IOidcTokenIssuer
    {
        public ValueTask<string> CreateTokenAsync(string serviceAccountEmail, string audience, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<string> CreateAccessTokenAsync(string serviceAccountEmail, string scope, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<string> OpenIdConfigurationJsonAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<string> JwksJsonAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
