using System.Diagnostics;
using System.Globalization;

namespace Tidings.Bench;

/// <summary>
/// A Tidings server that the bench starts itself: <c>dotnet Tidings.dll --host 127.0.0.1 --port 0</c> plus
/// <c>--in-memory</c> or <c>--data-dir</c> (a fresh directory). Port 0 lets the server pick a free port, which it
/// prints on the line <c>Tidings listening on HOST:PORT</c> once it serves. <c>dotnet app.dll</c> runs the app in the
/// muxer's own process, so <see cref="Pid"/> is the server itself (CPU and RSS accounting, stopping by PID).
/// </summary>
internal sealed class TidingsServer : IAsyncDisposable
{
    private const string ListeningPrefix = "Tidings listening on ";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly string _workDir;
    private readonly bool _keepData;
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopped;

    public int Pid { get; }
    public string Endpoint { get; private set; } = "";
    public string LogPath { get; }
    public string? DataDir { get; }
    public IReadOnlyList<string> Arguments { get; }

    private TidingsServer(Process process, IReadOnlyList<string> arguments, string workDir, string? dataDir, bool keepData, string logPath)
    {
        _process = process;
        Arguments = arguments;
        _workDir = workDir;
        DataDir = dataDir;
        _keepData = keepData;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException(
            $"the server exited (code {SafeExitCode()}) before it was listening; see {logPath}"));
        process.Start();
        Pid = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts the server and waits (at most 60 s) until it prints that it is listening.</summary>
    public static async Task<TidingsServer> StartAsync(BenchOptions o, CancellationToken cancellationToken)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var root = o.DataDirRoot is not null ? Path.GetFullPath(o.DataDirRoot) : Path.GetTempPath();
        // A fresh directory per server start: it is the working directory (so no tidings.json is picked up by
        // accident) and, in durable mode, holds the data dir.
        var workDir = Path.Combine(root, $"tidings-bench-{o.Label}-{stamp}-{Environment.ProcessId}");
        Directory.CreateDirectory(workDir);
        string? dataDir = null;
        var args = new List<string> { o.ServerDll!, "--host", "127.0.0.1", "--port", "0" };
        if (o.InMemory)
        {
            args.Add("--in-memory");
        }
        else
        {
            dataDir = Path.Combine(workDir, "data");
            Directory.CreateDirectory(dataDir);
            args.Add("--data-dir");
            args.Add(dataDir);
        }
        args.AddRange(o.ServerArgs);

        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = workDir,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // Settings come from the command line only.
        foreach (var key in new[] { "TIDINGS_HOST", "TIDINGS_PORT", "TIDINGS_DATA_DIR", "TIDINGS_IN_MEMORY" })
        {
            psi.Environment.Remove(key);
        }

        Directory.CreateDirectory(o.OutDir);
        var logPath = Path.Combine(o.OutDir, $"{o.Label}.server.log");
        var server = new TidingsServer(new Process { StartInfo = psi }, args.Skip(1).ToArray(), workDir, dataDir, o.KeepData, logPath);
        try
        {
            var hostPort = await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            server.Endpoint = "http://" + hostPort;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            try
            {
                _log.WriteLine(isError ? "[stderr] " + line : line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
        if (!isError && line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
        {
            _listening.TrySetResult(line[ListeningPrefix.Length..].Trim());
        }
    }

    private string SafeExitCode()
    {
        try
        {
            return _process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    /// <summary>Stops the server by PID: SIGTERM (a graceful stop), then SIGKILL after 30 s. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        try
        {
            if (!_process.HasExited)
            {
                SendTerm(Pid);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    await Console.Error.WriteLineAsync($"[bench] server pid {Pid} did not stop within 30 s of SIGTERM; killing it");
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // never started
        }
        lock (_logLock)
        {
            _log.Dispose();
        }
        _process.Dispose();
        if (!_keepData)
        {
            try
            {
                Directory.Delete(_workDir, recursive: true);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"[bench] could not remove {_workDir}: {e.Message}");
            }
        }
    }

    /// <summary>Last resort from a process-exit handler: no waiting, no cleanup beyond the kill.</summary>
    public void KillNow()
    {
        try
        {
            if (Volatile.Read(ref _stopped) == 0 && !_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void SendTerm(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit(5000);
    }
}

/// <summary>
/// CPU time and memory of the server process, from /proc (Linux): utime+stime of /proc/PID/stat, VmHWM (peak RSS)
/// and VmRSS of /proc/PID/status. The peak is reset before each timed phase by writing 5 to /proc/PID/clear_refs
/// (needs the right to write it: the same user or root); if that fails, the peak covers the process's lifetime.
/// </summary>
internal sealed class ProcessMeter(int? pid)
{
    /// <summary>USER_HZ: the unit of utime and stime; 100 on every Linux architecture .NET runs on.</summary>
    private const double ClockTicksPerSecond = 100.0;

    public int? Pid => pid;

    public double? ServerCpuSeconds()
    {
        if (pid is null)
        {
            return null;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // fields after "(comm) ": state is [0], utime [11], stime [12]
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The bench's own CPU time and that of its children that have ended (cutime+cstime of /proc/self/stat): the
    /// h2load runs of a phase count as the bench's. The server, a child too, ends only after the last phase.
    /// </summary>
    public static double ClientCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds + EndedChildrenCpuSeconds();
    }

    private static double EndedChildrenCpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            // fields after "(comm) ": cutime [13], cstime [14]
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Resets the peak RSS; false when it could not (the peak then covers the whole process lifetime).</summary>
    public bool ResetPeakRss()
    {
        if (pid is null)
        {
            return false;
        }
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>(VmHWM, VmRSS) in KiB.</summary>
    public (long? PeakKib, long? CurrentKib) Rss()
    {
        if (pid is null)
        {
            return (null, null);
        }
        try
        {
            long? hwm = null, rss = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = ParseKib(line);
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = ParseKib(line);
                }
            }
            return (hwm, rss);
        }
        catch (IOException)
        {
            return (null, null);
        }
    }

    /// <summary>(RssAnon, RssFile) in KiB: anonymous memory (managed heap, native heaps such as SQLite's page cache) and mapped files.</summary>
    public (long? AnonKib, long? FileKib) RssParts()
    {
        if (pid is null)
        {
            return (null, null);
        }
        try
        {
            long? anon = null, file = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    anon = ParseKib(line);
                }
                else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
                {
                    file = ParseKib(line);
                }
            }
            return (anon, file);
        }
        catch (IOException)
        {
            return (null, null);
        }
    }

    private static long ParseKib(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>Starts measuring a timed phase.</summary>
    public Measurement Start() => new(this);

    internal sealed class Measurement
    {
        private readonly ProcessMeter _meter;
        private readonly long _t0;
        private readonly double? _srv0;
        private readonly double _cli0;
        private readonly bool _peakReset;

        public Measurement(ProcessMeter meter)
        {
            _meter = meter;
            _peakReset = meter.ResetPeakRss();
            _srv0 = meter.ServerCpuSeconds();
            _cli0 = ClientCpuSeconds();
            _t0 = Stopwatch.GetTimestamp();
        }

        public long StartTimestamp => _t0;

        /// <summary>Ends the phase: wall seconds, CPU % (100 = one core) of server and client, peak and end RSS (MiB).</summary>
        public PhaseStats Stop()
        {
            var t1 = Stopwatch.GetTimestamp();
            var srv1 = _meter.ServerCpuSeconds();
            var cli1 = ClientCpuSeconds();
            var (peak, cur) = _meter.Rss();
            var secs = (t1 - _t0) / (double)Stopwatch.Frequency;
            return new PhaseStats(
                secs,
                _srv0 is { } a && srv1 is { } b ? 100 * (b - a) / secs : null,
                100 * (cli1 - _cli0) / secs,
                peak / 1024.0,
                cur / 1024.0,
                _peakReset ? "phase" : "process lifetime");
        }
    }
}

internal sealed record PhaseStats(double Seconds, double? ServerCpuPct, double ClientCpuPct, double? ServerRssPeakMib, double? ServerRssEndMib, string RssPeakScope);
