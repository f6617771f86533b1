using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tidings.Host.Tests.Configuration;
using Tidings.Hosting;

namespace Tidings.Host.Tests;

public sealed class TidingsCommandTests : IDisposable
{
    private readonly TempDirectory _workingDirectory = new();
    private readonly Dictionary<string, string?> _environment = new() { ["HOME"] = "/home/tester" };
    private readonly ListeningLineWriter _out = new();
    private readonly StringWriter _error = new();

    public void Dispose() => _workingDirectory.Dispose();

    [Fact]
    public async Task Help_PrintsUsageAndExitsZero()
    {
        var exitCode = await RunAsync(["--help"], CancellationToken.None);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.StartsWith("Usage: tidings", _out.ToString(), StringComparison.Ordinal);
        Assert.Empty(_error.ToString());
    }

    [Fact]
    public async Task PortOutOfRange_ExplainsAndExitsTwo()
    {
        var exitCode = await RunAsync(["--port", "70000"], CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.Contains("Port 70000 is out of range", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExplainsAndExitsTwo()
    {
        var exitCode = await RunAsync(["--verbose"], CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.Contains("Unknown option '--verbose'", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortZero_PrintsListeningLineServesAndStopsOnCancel()
    {
        using var stop = new CancellationTokenSource();
        var running = RunAsync(["--port", "0", "--in-memory"], stop.Token);

        var line = await _out.ListeningLine.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Matches(@"^Tidings listening on 127\.0\.0\.1:[1-9][0-9]*$", line);
        var port = line[(line.LastIndexOf(':') + 1)..];
        using (var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
        {
            Assert.Equal("Ok", await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")));
        }

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Success, await running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>The engine opens as the host starts; a data directory it cannot open ends start-up with a clear line.</summary>
    [Fact]
    public async Task DataDirectoryInUse_ExplainsAndExitsOne()
    {
        var dataDir = Path.Combine(_workingDirectory.Path, "data");
        using var held = DataDirectoryLock.Acquire(dataDir);

        var exitCode = await RunAsync(["--port", "0", "--data-dir", dataDir], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains($"tidings: cannot open the data directory {dataDir}: The data directory {dataDir} is in use by another Tidings server",
            _error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_out.ToString());
    }

    /// <summary>A PostgreSQL server that cannot be reached is a settings problem, said without the password.</summary>
    [Fact]
    public async Task PostgresUnreachable_ExplainsAndExitsTwo()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var exitCode = await RunAsync(["--port", "0", "--store", "postgres", "--postgres", "Host=127.0.0.1;Port=1;Username=u;Password=s3cret-pw;Timeout=3"],
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.InvalidSettings, exitCode);
        Assert.Contains("tidings: cannot use the PostgreSQL database Host=127.0.0.1;Port=1;Username=u;Timeout=3: ", _error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", _error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_out.ToString());
    }

    private Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        TidingsCommand.RunAsync(
            args,
            new CommandEnvironment(_environment, _workingDirectory.Path, _out, _error),
            cancellationToken,
            services => services.AddLogging(logging => logging.ClearProviders()));

    /// <summary>Captures output and completes <see cref="ListeningLine"/> with the first "Tidings listening on" line.</summary>
    private sealed class ListeningLineWriter : StringWriter
    {
        private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> ListeningLine => _listening.Task;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            Observe(value);
        }

        public override async Task WriteLineAsync(string? value)
        {
            await base.WriteLineAsync(value);
            Observe(value);
        }

        private void Observe(string? line)
        {
            if (line?.StartsWith(TidingsCommand.ListeningLinePrefix, StringComparison.Ordinal) == true)
            {
                _listening.TrySetResult(line);
            }
        }
    }
}
