using System.Runtime.InteropServices;
using Grpc.Core;
using Tidings.Bench;

try
{
    var cl = new CommandLine(args);
    if (cl.Flag("help"))
    {
        Console.WriteLine(BenchOptions.UsageText);
        return 0;
    }
    return cl.Command switch
    {
        "run" => await BenchRun.RunAsync(BenchOptions.From(cl)),
        "tasks" when cl.Flag("floor") => await TasksFloorBench.RunAsync(BenchOptions.From(cl), TasksBenchOptions.From(cl)),
        "tasks" => await TasksBench.RunAsync(BenchOptions.From(cl), TasksBenchOptions.From(cl)),
        "tasks-floor-sender" => await TasksFloorBench.SendAsync(cl),
        "schemas" => SchemaBench.Run(cl),
        "report" => Report.Run(cl),
        "filters" => FiltersBench.Run(cl),
        _ => throw new UsageException($"unknown command '{cl.Command}' (run, report, tasks, filters, schemas)"),
    };
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"Tidings.Bench: {e.Message}");
    return 2;
}

namespace Tidings.Bench
{
    internal static class BenchRun
    {
        public static async Task<int> RunAsync(BenchOptions o)
        {
            using var cts = new CancellationTokenSource();
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
            using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
            TidingsServer? server = null;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server?.KillNow();
            var failures = 0;
            try
            {
                if (o.ServerDll is not null)
                {
                    server = await TidingsServer.StartAsync(o, cts.Token);
                    Log($"started {o.ServerDll} {string.Join(' ', server.Arguments)}: pid {server.Pid}, {server.Endpoint} (log {server.LogPath})");
                }
                var endpoint = server?.Endpoint ?? o.Endpoint!;
                var meter = new ProcessMeter(server?.Pid ?? o.ServerPid);
                using var target = new PubSubTarget(endpoint, o.Project, exactlyOnce: o.ExactlyOnce);
                var sink = new ResultSink(o, server, endpoint);
                var scenarios = new Scenarios(o, target, meter, sink);
                Log($"{o.Label} ({o.Mode}) at {endpoint}; {o.DescribeClient()}");

                async Task Guard(string what, Func<Task> body)
                {
                    if (cts.IsCancellationRequested)
                    {
                        return;
                    }
                    try
                    {
                        await body();
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cts.IsCancellationRequested)
                    {
                        failures++;
                        Log($"FAILED {what}: {e}");
                    }
                }

                bool s1 = o.Scenarios.Contains("S1"), s2 = o.Scenarios.Contains("S2");
                if (s1 || s2)
                {
                    foreach (var size in o.Sizes)
                    {
                        await Guard($"S1/S2 {size} B", () => scenarios.S1S2Async(size, s1, s2, cts.Token));
                    }
                }
                if (o.Scenarios.Contains("S3"))
                {
                    await Guard("S3", () => scenarios.S3Async(cts.Token));
                }
                if (o.Scenarios.Contains("S4"))
                {
                    await Guard("S4", () => scenarios.S4Async(cts.Token));
                }

                sink.WriteSummary();
                Console.WriteLine();
                Console.WriteLine($"## {o.Label} ({o.Mode}): median [min–max] over {o.Runs} run(s)");
                Console.WriteLine();
                Console.WriteLine($"Client: {o.DescribeClient()}.");
                Console.WriteLine();
                Console.Write(Report.Tables([.. sink.Rows], ranges: true));
                Log($"results: {Path.Combine(o.OutDir, o.Label + ".jsonl")}");
                if (cts.IsCancellationRequested)
                {
                    Log("interrupted");
                    return 130;
                }
                return failures == 0 ? 0 : 1;
            }
            catch (Exception e) when (e is InvalidOperationException or RpcException or TimeoutException or IOException)
            {
                Log($"FAILED: {e.Message}");
                return 1;
            }
            finally
            {
                if (server is not null)
                {
                    await server.DisposeAsync();
                }
            }
        }

        private static void Log(string line) => Console.Error.WriteLine($"[bench] {line}");
    }
}
