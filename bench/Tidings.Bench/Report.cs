using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Tidings.Bench;

/// <summary>
/// Markdown tables from per-run JSON lines: ours (LABEL.jsonl) and the peers' (shared/bench-peers/results/*.jsonl,
/// the same shape). A cell is the median over the runs, or "median [min–max]" with ranges.
/// </summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Column order: ours, then the peers as their RESULTS.md orders them, then anything else.</summary>
    private static readonly string[] KnownLabels =
        ["tidings", "tidings-memory", "tidings-external", "rabbitmq", "rabbitmq-quorum", "nats", "nats-limits", "redis", "redis-always", "pubsub-emulator"];

    /// <summary>What "confirmed" means per target (from the peers' notes.md), for the table's first row.</summary>
    private static readonly Dictionary<string, string> Durability = new(StringComparer.Ordinal)
    {
        ["tidings"] = "durable mode (--data-dir)",
        ["tidings-memory"] = "memory only",
        ["rabbitmq"] = "fsync (group commit)",
        ["rabbitmq-quorum"] = "fsync (Raft WAL)",
        ["nats"] = "page cache, no fsync",
        ["nats-limits"] = "page cache, no fsync",
        ["redis"] = "AOF write, fsync 1/s",
        ["redis-always"] = "AOF write + fsync",
        ["pubsub-emulator"] = "memory only (Google's emulator)",
    };

    public static string S(JsonObject o, string k) => o[k]?.ToString() ?? "";

    /// <summary>A number field; works for parsed lines and for freshly built ones (whose values keep their CLR type).</summary>
    public static double? D(JsonObject o, string k)
    {
        if (o[k] is not JsonValue v)
        {
            return null;
        }
        if (v.TryGetValue<double>(out var d))
        {
            return d;
        }
        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }
        return v.TryGetValue<int>(out var i) ? i : null;
    }

    /// <summary>JSON lines as written: no HTML-safe escaping of &lt;, &gt; or non-ASCII text.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions JsonLines =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    public static double? MedianOrNull(IEnumerable<double?> values)
    {
        var v = values.OfType<double>().Order().ToList();
        return v.Count == 0 ? null : Median(v);
    }

    /// <summary>Reads the per-run lines of every *.jsonl in <paramref name="dir"/> (not summaries, meta or physical).</summary>
    public static List<JsonObject> ReadRuns(string dir, string? renameTidingsSuffix = null)
    {
        var rows = new List<JsonObject>();
        if (!Directory.Exists(dir))
        {
            return rows;
        }
        foreach (var file in Directory.GetFiles(dir, "*.jsonl").Where(f => !f.EndsWith(".summary.jsonl", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (!line.TrimStart().StartsWith('{'))
                {
                    continue;
                }
                JsonObject o;
                try
                {
                    o = JsonNode.Parse(line)!.AsObject();
                }
                catch (System.Text.Json.JsonException)
                {
                    continue;
                }
                if (o["scenario"] is null || o["run"] is null || S(o, "label") is "meta" or "physical")
                {
                    continue;
                }
                if (renameTidingsSuffix is not null && S(o, "label").StartsWith("tidings", StringComparison.Ordinal))
                {
                    // Tidings measured by the peers' own harness: keep it apart from ours
                    o["label"] = S(o, "label") + renameTidingsSuffix;
                }
                rows.Add(o);
            }
        }
        return rows;
    }

    public static List<string> Labels(IEnumerable<JsonObject> rows) =>
        rows.Select(r => S(r, "label")).Distinct()
            .OrderBy(l => Array.IndexOf(KnownLabels, l) is var i && i >= 0 ? i : KnownLabels.Length)
            .ThenBy(l => l, StringComparer.Ordinal).ToList();

    private static string SizeName(string size) =>
        int.TryParse(size, NumberStyles.Integer, Inv, out var n) && n % 1024 == 0 ? $"{n / 1024} KiB" : $"{size} B";

    private sealed record RowDef(string Scenario, string? Size, string Metric, string Title, string Unit, int Decimals);

    private static List<RowDef> RowDefs(List<JsonObject> rows)
    {
        IEnumerable<string> Sizes(string sc) => rows.Where(r => S(r, "scenario") == sc).Select(r => S(r, "size")).Distinct()
            .OrderByDescending(s => int.TryParse(s, NumberStyles.Integer, Inv, out var n) ? n : 0);
        var defs = new List<RowDef>();
        foreach (var size in Sizes("S1"))
        {
            defs.Add(new("S1", size, "msgs_per_s", $"S1 publish, {SizeName(size)}", "msg/s (confirmed)", 0));
            defs.Add(new("S1", size, "mib_per_s", $"S1 publish, {SizeName(size)}", "MiB/s payload", 1));
        }
        foreach (var size in Sizes("S2"))
        {
            defs.Add(new("S2", size, "msgs_per_s", $"S2 consume+ack backlog, {SizeName(size)}", "msg/s", 0));
        }
        foreach (var rate in Variants(rows, "S3").OrderBy(r => double.TryParse(r, NumberStyles.Float, Inv, out var x) ? x : 0))
        {
            var at = rate == "" ? "fixed rate" : $"{RateName(rate)} msg/s";
            defs.AddRange(
            [
                new("S3", rate, "p50_ms", $"S3 e2e latency @ {at}", "p50 ms", 2),
                new("S3", rate, "p99_ms", $"S3 e2e latency @ {at}", "p99 ms", 2),
                new("S3", rate, "p999_ms", $"S3 e2e latency @ {at}", "p99.9 ms", 2),
                new("S3", rate, "confirm_p50_ms", $"S3 publish→confirm latency @ {at}", "p50 ms", 2),
                new("S3", rate, "confirm_p99_ms", $"S3 publish→confirm latency @ {at}", "p99 ms", 2),
                new("S3", rate, "confirm_p999_ms", $"S3 publish→confirm latency @ {at}", "p99.9 ms", 2),
            ]);
        }
        defs.AddRange(
        [
            new("S4", null, "msgs_per_s", "S4 fan-out 1→4", "delivered+acked msg/s total", 0),
            new("S4", null, "publish_msgs_per_s", "S4 fan-out 1→4", "publish msg/s (confirmed)", 0),
        ]);
        return defs;
    }

    /// <summary>What tells runs of one scenario apart: the message size, except for S3, which runs at several rates.</summary>
    private static string Variant(JsonObject r) => S(r, "scenario") == "S3" ? S(r, "rate") : S(r, "size");

    private static IEnumerable<string> Variants(List<JsonObject> rows, string scenario) =>
        rows.Where(r => S(r, "scenario") == scenario).Select(Variant).Distinct();

    private static string RateName(string rate) =>
        double.TryParse(rate, NumberStyles.Float, Inv, out var x) ? F(x, 0) : rate;

    private static IEnumerable<JsonObject> Select(List<JsonObject> rows, string label, string scenario, string? variant) =>
        rows.Where(r => S(r, "label") == label && S(r, "scenario") == scenario && (variant is null || Variant(r) == variant));

    private static string F(double x, int dec) => x.ToString("N" + dec.ToString(Inv), Inv);

    private static string Cell(IEnumerable<double?> values, int dec, bool ranges)
    {
        var v = values.OfType<double>().Order().ToList();
        if (v.Count == 0)
        {
            return "—";
        }
        return ranges ? $"**{F(Median(v), dec)}** [{F(v[0], dec)}–{F(v[^1], dec)}]" : F(Median(v), dec);
    }

    /// <summary>The scenario table, the server CPU / peak RSS / client CPU tables and the checks, in Markdown.</summary>
    public static string Tables(List<JsonObject> rows, bool ranges)
    {
        var labels = Labels(rows);
        AddCpuPerMessage(rows);
        var sb = new StringBuilder();
        if (rows.Count == 0)
        {
            return "(no results)\n";
        }
        sb.AppendLine("| Scenario | Metric | " + string.Join(" | ", labels) + $" | {Ours(labels) ?? "ours"} ÷ best peer |");
        sb.AppendLine("|---|---|" + string.Concat(labels.Select(_ => "---:|")) + "---:|");
        if (labels.Any(Durability.ContainsKey))
        {
            sb.AppendLine("| publish confirmed after | | " + string.Join(" | ", labels.Select(l => Durability.GetValueOrDefault(l, ""))) + " | |");
        }
        foreach (var d in RowDefs(rows))
        {
            if (!labels.Any(l => Select(rows, l, d.Scenario, d.Size).Any()))
            {
                continue;
            }
            var cells = labels.Select(l => Cell(Select(rows, l, d.Scenario, d.Size).Select(r => D(r, d.Metric)), d.Decimals, ranges));
            sb.AppendLine($"| {d.Title} | {d.Unit} | " + string.Join(" | ", cells) + $" | {Ratio(rows, labels, d)} |");
        }
        sb.AppendLine();

        var groups = new List<(string Scenario, string? Size, string Title)>();
        foreach (var d in RowDefs(rows).Where(d => d.Scenario is "S1" or "S2").DistinctBy(d => (d.Scenario, d.Size)))
        {
            groups.Add((d.Scenario, d.Size, $"{d.Scenario} {SizeName(d.Size!)}"));
        }
        foreach (var d in RowDefs(rows).Where(d => d.Scenario is "S3").DistinctBy(d => d.Size))
        {
            groups.Add(("S3", d.Size, d.Size is null or "" ? "S3" : $"S3 @ {RateName(d.Size)}/s"));
        }
        groups.Add(("S4", null, "S4"));
        foreach (var (metric, what, agg) in new[]
                 {
                     ("srv_cpu_pct", "Server process CPU while the timed phase ran (median %, 100 = one core; the machine's cores are shared with the load generator)", "median"),
                     ("srv_rss_peak_mib", "Server peak RSS during the timed phase (MiB, largest over the runs; VmHWM reset before each phase)", "max"),
                     (CpuPerMessage, "Server CPU per message (µs of CPU time per message delivered or confirmed: CPU % × 10,000 ÷ msg/s, median over the runs)", "median"),
                     ("cli_cpu_pct", "Load generator CPU while the timed phase ran (median %)", "median"),
                 })
        {
            if (!rows.Any(r => D(r, metric) is not null))
            {
                continue;
            }
            sb.AppendLine(what + ":");
            sb.AppendLine();
            sb.AppendLine("| Scenario | " + string.Join(" | ", labels) + " |");
            sb.AppendLine("|---|" + string.Concat(labels.Select(_ => "---:|")));
            foreach (var (sc, size, title) in groups)
            {
                if (!labels.Any(l => Select(rows, l, sc, size).Any()))
                {
                    continue;
                }
                var cells = labels.Select(l =>
                {
                    var v = Select(rows, l, sc, size).Select(r => D(r, metric)).OfType<double>().ToList();
                    return v.Count == 0 ? "—" : F(agg == "max" ? v.Max() : Median(v.Order().ToList()), metric == CpuPerMessage ? 1 : 0);
                });
                sb.AppendLine($"| {title} | " + string.Join(" | ", cells) + " |");
            }
            var without = labels.Where(l => !rows.Any(r => S(r, "label") == l && D(r, metric) is not null)).ToList();
            if (without.Count > 0)
            {
                sb.AppendLine();
                sb.AppendLine($"(not recorded for {string.Join(", ", without)})");
            }
            sb.AppendLine();
        }

        var problems = rows.Where(r => (D(r, "remaining_after") ?? 0) > 0 || (D(r, "bad_size") ?? 0) > 0 || (D(r, "foreign") ?? 0) > 0
                                       || (S(r, "scenario") == "S3" && D(r, "received") != D(r, "n")))
            .Select(r => $"{S(r, "label")} {S(r, "scenario")} {S(r, "size")} B run {S(r, "run")}").ToList();
        var dups = rows.Where(r => (D(r, "dup") ?? 0) > 0).Select(r => $"{S(r, "label")} {S(r, "scenario")} run {S(r, "run")}: {S(r, "dup")}").ToList();
        var unverified = rows.Where(r => S(r, "scenario") is "S2" or "S4" && (D(r, "remaining_after") ?? -1) < 0).Select(r => S(r, "label")).Distinct().ToList();
        sb.AppendLine(problems.Count == 0
            ? "Checks: every S2/S4 subscription was drained (nothing left after the check), S3 received every message."
            : "Checks FAILED for: " + string.Join("; ", problems));
        if (unverified.Count > 0)
        {
            sb.AppendLine($"Drain not checked for: {string.Join(", ", unverified)}.");
        }
        sb.AppendLine(dups.Count == 0 ? "Redeliveries (duplicates): none." : "Redeliveries (duplicates): " + string.Join("; ", dups));
        var runsPer = rows.GroupBy(r => (S(r, "label"), S(r, "scenario"), Variant(r))).Select(g => g.Count()).DefaultIfEmpty(0).ToList();
        sb.AppendLine($"Runs per cell: {runsPer.Min()}–{runsPer.Max()}.");
        return sb.ToString();
    }

    /// <summary>
    /// Our label in the ratio column: durable Tidings when it ran, else the first Tidings label. Peers are the rest.
    /// </summary>
    private static string? Ours(List<string> labels) =>
        labels.Contains("tidings") ? "tidings" : labels.FirstOrDefault(l => l.StartsWith("tidings", StringComparison.Ordinal));

    /// <summary>
    /// Ours against the best peer of this run: for rates ours ÷ the highest peer median (above 1 = ahead), for
    /// latencies ours ÷ the lowest peer median (below 1 = ahead); the best peer's label follows.
    /// </summary>
    private static string Ratio(List<JsonObject> rows, List<string> labels, RowDef d)
    {
        var ours = Ours(labels);
        var lowerIsBetter = d.Metric.EndsWith("_ms", StringComparison.Ordinal);
        double? Med(string l) => MedianOrNull(Select(rows, l, d.Scenario, d.Size).Select(r => D(r, d.Metric)));
        if (ours is null || Med(ours) is not { } mine)
        {
            return "";
        }
        var peers = labels.Where(l => !l.StartsWith("tidings", StringComparison.Ordinal))
            .Select(l => (Label: l, Value: Med(l))).Where(p => p.Value is > 0).ToList();
        if (peers.Count == 0)
        {
            return "";
        }
        var best = lowerIsBetter ? peers.MinBy(p => p.Value) : peers.MaxBy(p => p.Value);
        return $"{F(mine / best.Value!.Value, 2)}× ({best.Label})";
    }

    /// <summary>Pseudo-metric: server CPU time per message, µs, from a run's CPU % and its rate (S3: the achieved rate).</summary>
    private const string CpuPerMessage = "srv_cpu_us_per_msg";

    /// <summary>Adds <see cref="CpuPerMessage"/> to every line that has both a server CPU % and a rate.</summary>
    private static void AddCpuPerMessage(List<JsonObject> rows)
    {
        foreach (var r in rows)
        {
            var rate = D(r, "msgs_per_s") ?? D(r, "achieved_rate");
            if (D(r, "srv_cpu_pct") is { } cpu && rate is > 0)
            {
                r[CpuPerMessage] = cpu * 10_000 / rate.Value;
            }
        }
    }

    /// <summary>The <c>report</c> command: one side-by-side table of ours and the peers' results.</summary>
    public static int Run(CommandLine cl)
    {
        var results = cl.Str("results") ?? RepoPaths.DefaultResultsDir();
        var peers = cl.Str("peers");
        if (peers is null && RepoPaths.RepoRoot() is { } root)
        {
            var guess = Path.GetFullPath(Path.Combine(root, "..", "shared", "bench-peers", "results"));
            peers = Directory.Exists(guess) ? guess : null;
        }
        if (peers == "none")
        {
            peers = null;
        }
        var rows = ReadRuns(results);
        if (peers is not null)
        {
            rows.AddRange(ReadRuns(peers, renameTidingsSuffix: " (PeerBench)"));
        }
        if (cl.Str("labels") is { } only)
        {
            var keep = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            rows = rows.Where(r => keep.Contains(S(r, "label"))).ToList();
        }
        var ranges = cl.Flag("ranges");
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(Inv, $"Tidings and its peers, side by side. Cells: {(ranges ? "median [min–max]" : "median")} over the runs. "
                                         + $"Ours: {results}. Peers: {peers ?? "(not found)"}."));
        sb.AppendLine();
        sb.Append(Tables(rows, ranges));
        var md = sb.ToString();
        Console.WriteLine(md);
        if (cl.Str("md") is { } file)
        {
            File.WriteAllText(file, md);
        }
        return rows.Count == 0 ? 1 : 0;
    }
}
