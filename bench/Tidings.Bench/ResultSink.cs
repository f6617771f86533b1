using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Tidings.Bench;

/// <summary>
/// Writes one JSON line per run to <c>OUT/LABEL.jsonl</c>, in the peers' format (scenario, size, n, run, the
/// scenario's metrics, srv_cpu_pct, cli_cpu_pct, label, broker, ts) plus the server's peak RSS and the settings;
/// at the end, one line per (scenario, size, metric) with median, min, max and the number of runs to
/// <c>OUT/LABEL.summary.jsonl</c>; and environment lines to <c>OUT/meta.jsonl</c>.
/// </summary>
internal sealed class ResultSink
{
    private readonly BenchOptions _o;
    private readonly JsonObject _settings;
    private readonly List<JsonObject> _rows = [];

    public ResultSink(BenchOptions o, TidingsServer? server, string endpoint)
    {
        _o = o;
        Directory.CreateDirectory(o.OutDir);
        _settings = new JsonObject
        {
            ["mode"] = o.Mode,
            ["server"] = server is not null ? $"dotnet {Path.GetFileName(o.ServerDll)} {string.Join(' ', server.Arguments)}" : endpoint,
            ["client"] = o.DescribeClient(),
            ["warmup"] = o.Warmup,
        };
        WriteMeta(server);
    }

    public IReadOnlyList<JsonObject> Rows => _rows;

    private string RunsFile => Path.Combine(_o.OutDir, $"{_o.Label}.jsonl");

    public void Emit(JsonObject row)
    {
        row["label"] = _o.Label;
        row["broker"] = "tidings";
        row["mode"] = _o.Mode;
        row["ts"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture);
        row["settings"] = _settings.DeepClone();
        var line = row.ToJsonString(Report.JsonLines);
        File.AppendAllText(RunsFile, line + "\n");
        _rows.Add(row);
        Console.Error.WriteLine($"[bench] {Brief(row)}");
    }

    private static string Brief(JsonObject r)
    {
        string F(string k, string fmt) => r[k] is JsonValue v && v.TryGetValue<double>(out var d) ? d.ToString(fmt, CultureInfo.InvariantCulture) : "-";
        var head = $"{r["label"]} {r["scenario"]} {r["size"]} B run {r["run"]}:";
        var tail = $"srv cpu {F("srv_cpu_pct", "N0")} %, peak rss {F("srv_rss_peak_mib", "N0")} MiB, cli cpu {F("cli_cpu_pct", "N0")} %";
        return r["scenario"]?.GetValue<string>() switch
        {
            "S3" => $"{head} e2e p50 {F("p50_ms", "N2")} p99 {F("p99_ms", "N2")} p99.9 {F("p999_ms", "N2")} ms, confirm p50 {F("confirm_p50_ms", "N2")} p99 {F("confirm_p99_ms", "N2")} ms, "
                    + $"received {r["received"]}/{r["n"]}, dup {r["dup"]}, remaining {r["remaining_after"]}; {tail}",
            "S4" => $"{head} {F("msgs_per_s", "N0")} delivered+acked msg/s (publish {F("publish_msgs_per_s", "N0")} msg/s), remaining {r["remaining_after"]}, dup {r["dup"]}; {tail}",
            "S2" => $"{head} {F("msgs_per_s", "N0")} msg/s, avg ack batch {F("avg_ack_batch", "N0")}, remaining {r["remaining_after"]}, dup {r["dup"]}; {tail}",
            _ => $"{head} {F("msgs_per_s", "N0")} msg/s ({F("mib_per_s", "N1")} MiB/s); {tail}",
        };
    }

    /// <summary>Medians per (scenario, size, metric) to LABEL.summary.jsonl (rewritten).</summary>
    public void WriteSummary()
    {
        var lines = new List<string>();
        foreach (var g in _rows.GroupBy(r => (Report.S(r, "scenario"), Report.S(r, "size"))).OrderBy(g => g.Key))
        {
            var metrics = g.Key.Item1 switch
            {
                "S1" or "S2" => new[] { ("msgs_per_s", "msg/s"), ("mib_per_s", "MiB/s") },
                "S3" => [("p50_ms", "ms"), ("p99_ms", "ms"), ("p999_ms", "ms"), ("confirm_p50_ms", "ms"), ("confirm_p99_ms", "ms"), ("confirm_p999_ms", "ms")],
                _ => [("msgs_per_s", "msg/s"), ("publish_msgs_per_s", "msg/s")],
            };
            foreach (var (metric, unit) in metrics)
            {
                var v = g.Select(r => Report.D(r, metric)).OfType<double>().Order().ToList();
                if (v.Count == 0)
                {
                    continue;
                }
                var line = new JsonObject
                {
                    ["label"] = _o.Label,
                    ["mode"] = _o.Mode,
                    ["scenario"] = g.Key.Item1,
                    ["size"] = int.Parse(g.Key.Item2, CultureInfo.InvariantCulture),
                    ["metric"] = metric,
                    ["unit"] = unit,
                    ["value"] = Report.Median(v),
                    ["min"] = v[0],
                    ["max"] = v[^1],
                    ["runs"] = v.Count,
                    ["srv_cpu_pct"] = Report.MedianOrNull(g.Select(r => Report.D(r, "srv_cpu_pct"))),
                    ["cli_cpu_pct"] = Report.MedianOrNull(g.Select(r => Report.D(r, "cli_cpu_pct"))),
                    ["srv_rss_peak_mib"] = g.Select(r => Report.D(r, "srv_rss_peak_mib")).Max(),
                    ["settings"] = _settings.DeepClone(),
                };
                lines.Add(line.ToJsonString(Report.JsonLines));
            }
        }
        File.WriteAllLines(Path.Combine(_o.OutDir, $"{_o.Label}.summary.jsonl"), lines);
    }

    private void WriteMeta(TidingsServer? server)
    {
        var path = Path.Combine(_o.OutDir, "meta.jsonl");
        var lines = new List<string>();
        void Add(string key, string value) =>
            lines.Add(new JsonObject { ["label"] = "meta", ["key"] = key, ["value"] = value }.ToJsonString(Report.JsonLines));
        if (!File.Exists(path))
        {
            Add("date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            Add("machine", Machine());
            Add("load average at start", TryRead("/proc/loadavg") is { } l ? string.Join(' ', l.Split(' ').Take(3)) : "?");
            Add("bench", $".NET {Environment.Version}; Grpc.Net.Client with google.pubsub.v1 stubs from src/Tidings.Protos");
            Add("Tidings commit", Git("describe --always --dirty") ?? "not a git checkout");
        }
        Add($"{_o.Label}: server", server is not null ? $"{_settings["server"]} (pid {server.Pid}, {server.Endpoint})" : _settings["server"]!.ToString());
        Add($"{_o.Label}: client", _o.DescribeClient());
        Add($"{_o.Label}: scenario parameters", string.Create(CultureInfo.InvariantCulture,
            $"runs={_o.Runs} N={_o.N} sizes={string.Join('/', _o.Sizes)} N_fanout={_o.NFanout} subs={_o.Subs} S3 rate={_o.Rate} msg/s for {_o.Seconds}s at {_o.FixedSize} B; untimed warm-up={_o.Warmup} msgs per scenario"));
        File.AppendAllLines(path, lines);
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memKib = TryRead("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } m
            ? long.Parse(m.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture)
            : 0;
        var os = TryRead("/etc/os-release")?.Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"');
        var kernel = TryRead("/proc/sys/kernel/osrelease")?.Trim();
        return $"{Environment.ProcessorCount} vCPU {cpu ?? "?"}, {memKib / 1024 / 1024} GiB RAM, {os ?? "?"}, kernel {kernel ?? "?"}";
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Git(string args)
    {
        var root = RepoPaths.RepoRoot();
        if (root is null)
        {
            return null;
        }
        try
        {
            var psi = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
            foreach (var a in args.Split(' '))
            {
                psi.ArgumentList.Add(a);
            }
            using var p = Process.Start(psi);
            if (p is null)
            {
                return null;
            }
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(5000);
            return p.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
