using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Configuration;
using Tidings.Hosting;

namespace Tidings.Host.Tests.Hosting;

public sealed class StalledPrefaceTests
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PartialPreface_OtherConnectionsServedAndCompletingItGivesHttp2()
    {
        await using var app = await StartAsync();
        var port = app.GetBoundPort();
        using var stalled = new TcpClient();
        await stalled.ConnectAsync(IPAddress.Loopback, port);
        var stream = stalled.GetStream();
        await stream.WriteAsync("PRI * HTTP/2.0\r\n"u8.ToArray());

        using (var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
        {
            var ok = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")).WaitAsync(_deadline);
            Assert.Equal("Ok", ok);
        }

        // The rest of the preface, then an empty SETTINGS frame; the server's first frame is its SETTINGS.
        await stream.WriteAsync("\r\nSM\r\n\r\n"u8.ToArray());
        await stream.WriteAsync(new byte[] { 0, 0, 0, 0x04, 0, 0, 0, 0, 0 });
        var header = new byte[9];
        await stream.ReadExactlyAsync(header).AsTask().WaitAsync(_deadline);
        Assert.Equal(0x04, header[3]);
    }

    [Fact]
    public async Task PartialPreface_ServerStops_WithoutWaitingForShutdownTimeout()
    {
        var app = await StartAsync(services => services.Configure<HostOptions>(
            host => host.ShutdownTimeout = TimeSpan.FromMinutes(5)));
        try
        {
            using var stalled = new TcpClient();
            await stalled.ConnectAsync(IPAddress.Loopback, app.GetBoundPort());
            await stalled.GetStream().WriteAsync("PRI"u8.ToArray());

            await app.StopAsync().WaitAsync(_deadline);

            // The server closed the stalled connection: the client reads end of stream.
            var read = await stalled.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(_deadline);
            Assert.Equal(0, read);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<WebApplication> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var options = new TidingsOptions { Host = "127.0.0.1", Port = 0, InMemory = true, DataDir = "/unused" };
        var app = TidingsHost.Build(options, services =>
        {
            services.AddLogging(logging => logging.ClearProviders());
            configure?.Invoke(services);
        });
        await app.StartAsync();
        return app;
    }
}
