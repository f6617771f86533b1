using System.Globalization;

namespace Tidings.Bench;

/// <summary>Thrown for invalid command-line input; printed without a stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// A small command-line parser: an optional command word, then <c>--name value</c>, <c>--name=value</c> and flags.
/// Unknown options are errors, so that a typo never silently runs the default.
/// </summary>
internal sealed class CommandLine
{
    private static readonly HashSet<string> FlagNames =
        ["in-memory", "durable", "keep-data", "no-verify", "help", "ranges", "exactly-once", "floor"];

    private static readonly HashSet<string> ValueNames =
    [
        "endpoint", "server-dll", "server-args", "data-dir", "server-pid", "label", "out-dir", "project",
        "scenarios", "sizes", "runs", "n", "n-fanout", "subs", "fixed-size", "rate", "seconds", "warmup", "timeout",
        "batch", "inflight", "window", "streams", "prefetch", "ack", "ack-batch", "ack-inflight", "ack-deadline",
        "results", "peers", "md", "labels", "queues", "concurrency", "channels", "scale", "scale-seconds", "drain-seconds",
        "creator", "url",
    ];

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public string Command { get; }

    public CommandLine(string[] args)
    {
        var i = 0;
        Command = args.Length > 0 && !args[0].StartsWith('-') ? args[i++] : "run";
        for (; i < args.Length; i++)
        {
            var arg = args[i];
            string name;
            if (arg == "-n")
            {
                name = "n";
            }
            else if (arg == "-h")
            {
                name = "help";
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
            }
            else
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            string? inline = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            if (FlagNames.Contains(name))
            {
                if (inline is not null && !bool.Parse(inline))
                {
                    continue;
                }
                _flags.Add(name);
            }
            else if (ValueNames.Contains(name))
            {
                if (inline is null)
                {
                    if (i + 1 >= args.Length)
                    {
                        throw new UsageException($"--{name} needs a value");
                    }
                    inline = args[++i];
                }
                _values[name] = inline;
            }
            else
            {
                throw new UsageException($"unknown option '{arg}' (see --help)");
            }
        }
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Str(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Str(string name, string fallback) => Str(name) ?? fallback;

    public int Int(string name, int fallback, int min = int.MinValue)
    {
        if (!_values.TryGetValue(name, out var v))
        {
            return fallback;
        }
        if (!int.TryParse(v.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            throw new UsageException($"--{name} must be an integer, not '{v}'");
        }
        if (n < min)
        {
            throw new UsageException($"--{name} must be at least {min}");
        }
        return n;
    }
}

/// <summary>How the messages of a consumer are acknowledged.</summary>
internal enum AckMode
{
    /// <summary>Unary <c>Acknowledge</c> calls; an id counts as acked when its call has returned.</summary>
    Rpc,

    /// <summary><c>ack_ids</c> on the StreamingPull request stream; confirmed when the server ends the half-closed stream.</summary>
    Stream,
}

/// <summary>Everything a <c>run</c> uses; the defaults are the peers' parameters (see bench/README.md).</summary>
internal sealed record BenchOptions
{
    public string? Endpoint { get; init; }
    public string? ServerDll { get; init; }
    public bool InMemory { get; init; }
    public string? DataDirRoot { get; init; }
    public bool KeepData { get; init; }

    /// <summary>Extra arguments appended to the server's command line (split on spaces).</summary>
    public IReadOnlyList<string> ServerArgs { get; init; } = [];
    public int? ServerPid { get; init; }
    public required string Label { get; init; }
    public required string OutDir { get; init; }
    public string Project { get; init; } = "bench";

    public IReadOnlyList<string> Scenarios { get; init; } = ["S1", "S2", "S3", "S4"];
    public IReadOnlyList<int> Sizes { get; init; } = [1024, 100];
    public int FixedSize { get; init; } = 1024;
    public int Runs { get; init; } = 3;
    public int N { get; init; } = 200_000;
    public int NFanout { get; init; } = 100_000;
    public int Subs { get; init; } = 4;
    public int Rate { get; init; } = 2_000;
    public int Seconds { get; init; } = 10;
    public int Warmup { get; init; } = 50_000;
    public int TimeoutSeconds { get; init; } = 300;

    /// <summary>Messages per Publish request (the API allows up to 1000).</summary>
    public int Batch { get; init; } = 1000;

    /// <summary>Publish requests in flight at most; Batch x Inflight messages are unconfirmed at most (1000 = the peers' window).</summary>
    public int Inflight { get; init; } = 1;

    /// <summary>S3: messages published one per request, at most this many unconfirmed (the peers' window).</summary>
    public int Window { get; init; } = 1000;

    public int Streams { get; init; } = 2;

    /// <summary>Unacked messages per consumer at most, split over its streams (max_outstanding_messages).</summary>
    public int Prefetch { get; init; } = 1000;

    public AckMode Ack { get; init; } = AckMode.Stream;
    public int AckBatch { get; init; } = 2500;
    public int AckInflight { get; init; } = 1;
    public int AckDeadlineSeconds { get; init; } = 60;
    public bool Verify { get; init; } = true;

    /// <summary>Subscriptions with exactly-once delivery: every ack is answered only once saved.</summary>
    public bool ExactlyOnce { get; init; }

    public int PerStreamOutstanding => Math.Max(1, (Prefetch + Streams - 1) / Streams);

    public string Mode => Endpoint is not null ? "external" : InMemory ? "in-memory" : "durable";

    public static BenchOptions From(CommandLine cl)
    {
        var endpoint = cl.Str("endpoint");
        var dll = cl.Str("server-dll");
        if (endpoint is not null && dll is not null)
        {
            throw new UsageException("give either --endpoint or --server-dll, not both");
        }
        if (cl.Flag("in-memory") && cl.Flag("durable"))
        {
            throw new UsageException("give either --in-memory or --durable, not both");
        }
        if (endpoint is null && dll is null)
        {
            dll = RepoPaths.DefaultServerDll()
                  ?? throw new UsageException("no --endpoint or --server-dll, and src/Tidings/bin/Release/net10.0/Tidings.dll was not found "
                                              + "(build it: dotnet build src/Tidings -c Release)");
        }
        if (dll is not null && !File.Exists(dll))
        {
            throw new UsageException($"--server-dll {dll} does not exist");
        }
        if (endpoint is not null && endpoint.Split(',').Any(one => !one.Trim().StartsWith("http://", StringComparison.Ordinal)))
        {
            throw new UsageException("--endpoint must be http://HOST:PORT (plain HTTP/2, no TLS), or several, comma-separated, for the nodes of a cluster");
        }

        var inMemory = cl.Flag("in-memory");
        var mode = endpoint is not null ? "external" : inMemory ? "in-memory" : "durable";
        var label = cl.Str("label", mode switch { "in-memory" => "tidings-memory", "durable" => "tidings", _ => "tidings-external" });
        var scenarios = cl.Str("scenarios", "S1,S2,S3,S4").ToUpperInvariant()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var s in scenarios)
        {
            if (s is not ("S1" or "S2" or "S3" or "S4"))
            {
                throw new UsageException($"unknown scenario '{s}' (S1, S2, S3, S4)");
            }
        }
        var sizes = cl.Str("sizes", "1024,100").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => int.TryParse(x, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 16
                ? n
                : throw new UsageException($"--sizes: '{x}' is not a size of at least 16 bytes"))
            .ToArray();
        var ack = cl.Str("ack", "stream") switch
        {
            "rpc" => AckMode.Rpc,
            "stream" => AckMode.Stream,
            var other => throw new UsageException($"--ack must be rpc or stream, not '{other}'"),
        };
        var o = new BenchOptions
        {
            Endpoint = endpoint is null ? null : string.Join(',', endpoint.Split(',').Select(one => one.Trim().TrimEnd('/'))),
            ServerDll = dll is null ? null : Path.GetFullPath(dll),
            InMemory = inMemory,
            DataDirRoot = cl.Str("data-dir"),
            KeepData = cl.Flag("keep-data"),
            ServerArgs = cl.Str("server-args", "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            ServerPid = cl.Str("server-pid") is not null ? cl.Int("server-pid", 0, 1) : null,
            Label = label,
            OutDir = Path.GetFullPath(cl.Str("out-dir") ?? RepoPaths.DefaultResultsDir()),
            Project = cl.Str("project", "bench"),
            Scenarios = scenarios,
            Sizes = sizes,
            FixedSize = cl.Int("fixed-size", 1024, 16),
            Runs = cl.Int("runs", 3, 1),
            N = cl.Int("n", 200_000, 1),
            NFanout = cl.Int("n-fanout", 100_000, 1),
            Subs = cl.Int("subs", 4, 1),
            Rate = cl.Int("rate", 2_000, 1),
            Seconds = cl.Int("seconds", 10, 1),
            Warmup = cl.Int("warmup", 50_000, 0),
            TimeoutSeconds = cl.Int("timeout", 300, 1),
            Batch = cl.Int("batch", 1000, 1),
            Inflight = cl.Int("inflight", 1, 1),
            Window = cl.Int("window", 1000, 1),
            Streams = cl.Int("streams", 2, 1),
            Prefetch = cl.Int("prefetch", 1000, 1),
            Ack = ack,
            AckBatch = cl.Int("ack-batch", 2500, 1),
            AckInflight = cl.Int("ack-inflight", 1, 1),
            AckDeadlineSeconds = cl.Int("ack-deadline", 60, 10),
            Verify = !cl.Flag("no-verify"),
            ExactlyOnce = cl.Flag("exactly-once"),
        };
        if (o.Batch > 1000)
        {
            throw new UsageException("--batch: a Publish request carries at most 1000 messages");
        }
        if (o.AckDeadlineSeconds > 600)
        {
            throw new UsageException("--ack-deadline must be 10..600");
        }
        if (o.DataDirRoot is not null && (o.InMemory || o.Endpoint is not null))
        {
            throw new UsageException("--data-dir is for a durable server that the bench starts (--server-dll without --in-memory)");
        }
        return o;
    }

    /// <summary>The client settings, as one line for the results and the table.</summary>
    public string DescribeClient() => string.Create(CultureInfo.InvariantCulture,
        $"publish: batches of <= {Batch} msgs per Publish, <= {Inflight} requests in flight (<= {Batch * Inflight} unconfirmed msgs); "
        + $"S3: 1 msg per Publish, <= {Window} unconfirmed; consume: StreamingPull x{Streams} per subscriber, "
        + $"max_outstanding_messages {PerStreamOutstanding} per stream ({Prefetch} per subscriber), stream_ack_deadline_seconds {AckDeadlineSeconds}; "
        + $"acks: {(Ack == AckMode.Rpc ? "Acknowledge calls" : "ack_ids on the stream")}, <= {AckBatch} ids per request, <= {AckInflight} in flight per stream"
        + $"{(ExactlyOnce ? "; subscriptions with exactly-once delivery" : "")}");

    public const string UsageText =
        """
        Tidings.Bench: the peers' scenarios (S1 publish, S2 consume+ack of a backlog, S3 latency at a fixed rate,
        S4 fan-out) against a Tidings server, through the Pub/Sub gRPC API.

        Usage:
          Tidings.Bench [run] [options]
          Tidings.Bench report [--results DIR] [--peers DIR|none] [--labels a,b] [--md FILE] [--ranges]
            (default --peers: ../shared/bench-peers/results beside the checkout, when it exists)
          Tidings.Bench tasks [server options] [--n 100000] [--queues 64] [--concurrency 64] [--channels 4] [--rate 1000] [--seconds 10]
                              [--warmup 60000] [--creator dotnet|h2load]
            Cloud Tasks: CreateTask throughput, dispatch throughput to a local receiver, and dispatch lateness at
            --rate tasks/s scheduled 2 s ahead; results in <out-dir>/tasks-<label>.jsonl. --warmup: untimed tasks
            created and dispatched first (at most --n; fewer than ~60,000 left the server's JIT busy through the timed
            phases on 2 loaded cores). --creator h2load: T1's calls sent by h2load (Debian nghttp2-client),
            --channels runs at a time, --concurrency streams in all.
          Tidings.Bench filters [--n 5000000] [--runs 5]
            Pub/Sub subscription filters evaluated in process (no server): ns and bytes allocated per message for
            a few filters over messages of six attributes; a Markdown table on stdout.
          Tidings.Bench tasks [server options] --scale 1000000 [--scale-seconds 300] [--drain-seconds 30] [--rate 1000] [--seconds 10]
            Cloud Tasks at scale instead: one queue filled with --scale pending tasks (at most --scale-seconds), memory
            while full, lateness while it is full and while it drains; results in <out-dir>/tasks-scale-<label>.jsonl.
          Tidings.Bench tasks --floor [server options] [--n 100000] [--concurrency 64] [--channels 4] [--warmup 60000]
            The floors of a create and a dispatch, no task stored: --n GetQueue calls from T1's .NET client, and
            --n dispatch requests (Tidings' HttpDeliverer, in a child process) to T2's receiver; rate and CPU per
            call of each side; results in <out-dir>/tasks-floor-<label>.jsonl.

        Server (one of):
          --endpoint http://127.0.0.1:PORT   a running server (h2c). --server-pid PID adds its CPU and RSS. Several
                                     endpoints, comma-separated (a cluster's nodes): channels take them in turn.
          --server-dll PATH                  start `dotnet PATH --host 127.0.0.1 --port 0 ...` and stop it at the end.
                                             Default: src/Tidings/bin/Release/net10.0/Tidings.dll of this checkout.
          --durable (default) | --in-memory  passed through; durable uses a fresh data dir under --data-dir DIR
                                             (default: the system temp dir), removed at the end unless --keep-data.
          --server-args "..."                more arguments for the server it starts (e.g. a storage setting).
        Scenarios:
          --scenarios S1,S2,S3,S4   --sizes 1024,100 (S1 and S2)   --fixed-size 1024 (S3 and S4)   --runs 3
          -n 200000 (S1/S2)   --n-fanout 100000 --subs 4 (S4)   --rate 2000 --seconds 10 (S3)   --warmup 50000
          --timeout 300 (seconds per phase)
        Client:
          --batch 1000 --inflight 1  messages per Publish and Publish calls in flight (S1, S2 backlog, S4)
          --window 1000              S3: unconfirmed single-message Publish calls at most
          --streams 2 --prefetch 1000 --ack stream|rpc --ack-batch 2500 --ack-inflight 1 --ack-deadline 60
          --no-verify                skip the drain check (nack every received id, then probe for leftovers)
          --exactly-once             subscriptions with exactly-once delivery (acks answered once saved)
        Output:
          --label NAME (tidings | tidings-memory | tidings-external)   --out-dir DIR (default bench/results)
          One JSON line per run in DIR/LABEL.jsonl, medians in DIR/LABEL.summary.jsonl, a Markdown table on stdout.
        """;
}

/// <summary>Paths inside this checkout, found from the executable's location.</summary>
internal static class RepoPaths
{
    public static string? RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Tidings.slnx")))
                {
                    return d.FullName;
                }
            }
        }
        return null;
    }

    public static string? DefaultServerDll()
    {
        var root = RepoRoot();
        var dll = root is null ? null : Path.Combine(root, "src", "Tidings", "bin", "Release", "net10.0", "Tidings.dll");
        return dll is not null && File.Exists(dll) ? dll : null;
    }

    public static string DefaultResultsDir() =>
        RepoRoot() is { } root ? Path.Combine(root, "bench", "results") : Path.Combine(Directory.GetCurrentDirectory(), "results");
}
