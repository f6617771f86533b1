using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Tidings.PubSub.Filters;

namespace Tidings.Bench;

/// <summary>
/// Pub/Sub filter evaluation in process, no server: each filter of <see cref="Filters"/> is compiled as a subscription
/// compiles it, then evaluated over a ring of 1,024 messages of six attributes (as the log decodes them: arrays, keys
/// that are not the filter's own string instances) with a Stopwatch loop of N evaluations, after a warm-up of N, so
/// the JIT's last tier runs. Reports wall-clock ns per message (median, min, max over the runs), the process's CPU
/// time per message (median; steadier than the wall clock on a shared machine, where the loop is preempted) and
/// bytes allocated per message.
/// </summary>
internal static class FiltersBench
{
    private const int Ring = 1024;

    private static readonly (string Name, string Filter)[] Filters =
    [
        ("simple equality", "attributes.kind = \"order\""),
        ("3-term AND", "attributes.kind = \"order\" AND attributes.region = \"eu-west-1\" AND attributes.priority != \"low\""),
        ("3-term OR", "attributes.kind = \"order\" OR attributes.kind = \"refund\" OR attributes.region = \"us-east-1\""),
        ("hasPrefix", "hasPrefix(attributes.region, \"eu-\")"),
        ("NOT existence", "NOT attributes:test"),
        ("nested AND/OR/NOT", "attributes.kind = \"order\" AND (hasPrefix(attributes.region, \"eu-\") OR NOT attributes:test)"),
    ];

    public static int Run(CommandLine cl)
    {
        var n = cl.Int("n", 5_000_000, 1);
        var runs = cl.Int("runs", 5, 1);
        var messages = Messages();
        Console.WriteLine($"# Filter evaluation: {n:N0} messages per run, {runs} runs, {Ring} distinct messages of 6 attributes");
        Console.WriteLine($"# {Environment.ProcessorCount} CPUs, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {CpuModel()}");
        Console.WriteLine();
        Console.WriteLine("| filter | matched | ns/message median [min–max] | CPU ns/message | bytes allocated/message |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, text) in Filters)
        {
            var filter = MessageFilter.Compile(text)!;
            Evaluate(filter, messages, n); // warm-up: tier-up and caches
            var nanoseconds = new double[runs];
            var cpuNanoseconds = new double[runs];
            using var process = Process.GetCurrentProcess();
            var matched = 0;
            var allocated = 0L;
            for (var run = 0; run < runs; run++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                matched = Evaluate(filter, messages, n);
                clock.Stop();
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                process.Refresh();
                nanoseconds[run] = clock.Elapsed.TotalNanoseconds / n;
                cpuNanoseconds[run] = (process.TotalProcessorTime - cpuBefore).TotalNanoseconds / n;
            }
            Array.Sort(nanoseconds);
            Array.Sort(cpuNanoseconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name}: `{text}` | {100.0 * matched / n:F0} % | **{nanoseconds[runs / 2]:F1}** [{nanoseconds[0]:F1}–{nanoseconds[^1]:F1}] | {cpuNanoseconds[runs / 2]:F1} | {(double)allocated / ((long)n * runs):F2} |"));
        }
        return 0;
    }

    private static int Evaluate(MessageFilter filter, IReadOnlyList<KeyValuePair<string, string>>[] messages, int n)
    {
        var matched = 0;
        for (var i = 0; i < n; i++)
        {
            if (filter.Matches(messages[i & (Ring - 1)]))
            {
                matched++;
            }
        }
        return matched;
    }

    /// <summary>Six attributes each, kinds, regions and priorities cycling at different periods; one in eight has <c>test</c>.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>>[] Messages()
    {
        string[] kinds = ["order", "refund", "invoice", "audit"];
        string[] regions = ["eu-west-1", "us-east-1", "eu-north-1", "ap-south-1", "us-west-2"];
        string[] priorities = ["high", "normal", "low"];
        var messages = new IReadOnlyList<KeyValuePair<string, string>>[Ring];
        for (var i = 0; i < Ring; i++)
        {
            messages[i] = new KeyValuePair<string, string>[]
            {
                Attribute("source", "checkout-service"),
                Attribute("trace", $"t-{i:x8}"),
                Attribute("priority", priorities[i % priorities.Length]),
                Attribute("region", regions[i % regions.Length]),
                Attribute(i % 8 == 7 ? "test" : "version", "1"),
                Attribute("kind", kinds[i % kinds.Length]),
            };
        }
        return messages;
    }

    /// <summary>Fresh string instances, as decoding a stored message makes them, so no comparison wins by reference.</summary>
    private static KeyValuePair<string, string> Attribute(string key, string value) =>
        KeyValuePair.Create(new string(key.AsSpan()), new string(value.AsSpan()));

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
