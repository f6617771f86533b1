using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tidings.Configuration;
using Tidings.Hosting;

namespace Tidings.Host.Tests.Hosting;

/// <summary>The real host, started in-process on 127.0.0.1 port 0, quiet, recording requests.</summary>
public sealed class RunningHost : IAsyncLifetime
{
    private WebApplication? _app;

    internal RequestRecorder Recorder { get; } = new();

    internal WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public async Task InitializeAsync()
    {
        var options = new TidingsOptions { Host = "127.0.0.1", Port = 0, InMemory = true, DataDir = "/unused" };
        _app = TidingsHost.Build(options, services =>
        {
            services.AddLogging(logging => logging.ClearProviders());
            services.AddSingleton<IStartupFilter>(Recorder);
        });
        await _app.StartAsync();
        Port = _app.GetBoundPort();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>A client speaking exactly <paramref name="version"/>: for 2.0 over http://, h2c with prior knowledge.</summary>
    public HttpClient CreateClient(Version version) =>
        new(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(10),
        };
}
