using Google.Cloud.PubSub.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tidings.Configuration;
using Tidings.Hosting;
using Tidings.PubSub;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>
/// The real host, in-process, on a free loopback port, with a fake clock: gRPC clients and an HttpClient for the
/// REST form talk to it over real sockets. Each test class gets its own server; tests use their own project ids.
/// </summary>
public class TidingsServerFixture : IAsyncLifetime
{
    private WebApplication _app = null!;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-29T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public PubSubOptions PubSubOptions { get; } = new();

    public GrpcChannel Channel { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public Publisher.PublisherClient Publisher { get; private set; } = null!;

    public Subscriber.SubscriberClient Subscriber { get; private set; } = null!;

    /// <summary>The host's services, for tests that look at the engine itself.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The server's own address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new TidingsOptions { Host = "127.0.0.1", Port = 0, InMemory = true };
        ConfigureOptions(options);
        _app = TidingsHost.Build(options, services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton(PubSubOptions);
            ConfigureServices(services);
        });
        await _app.StartAsync();
        var address = new Uri($"http://127.0.0.1:{_app.GetBoundPort()}");
        Address = address;
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 32 * 1024 * 1024 });
        Http = new HttpClient { BaseAddress = address };
        Publisher = new Publisher.PublisherClient(Channel);
        Subscriber = new Subscriber.SubscriberClient(Channel);
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Lets a derived fixture change settings (as command-line options would) before the host is built.</summary>
    private protected virtual void ConfigureOptions(TidingsOptions options)
    {
    }

    /// <summary>Lets a derived fixture replace services (a store that fails, say); runs after the defaults.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>A fresh project id, so tests sharing a server never see each other's resources.</summary>
    public static string NewProject() => $"p{Guid.NewGuid():N}"[..12];
}
