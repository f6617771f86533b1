using Google.Cloud.PubSub.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Tidings.Configuration;
using Tidings.Hosting;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>
/// The real host on the system clock with durable storage in <paramref name="dataDir"/>, started the way the
/// <c>tidings</c> command starts it: the engine's start-up service opens it (recovering topics, subscriptions and
/// their push dispatchers) before the port is bound. Stop it and start another on the same directory to simulate a restart.
/// </summary>
public sealed class DurableServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DurableServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
        Publisher = new Publisher.PublisherClient(Channel);
        Subscriber = new Subscriber.SubscriberClient(Channel);
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public Publisher.PublisherClient Publisher { get; }

    public Subscriber.SubscriberClient Subscriber { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="dataDir">The data directory, kept across restarts.</param>
    /// <param name="port">0 for a free port.</param>
    public static async Task<DurableServer> StartAsync(string dataDir, int port = 0)
    {
        var options = new TidingsOptions { Host = "127.0.0.1", Port = port, InMemory = false, DataDir = dataDir };
        var app = TidingsHost.Build(options);
        await app.StartAsync(); // opens the engine (recovering it) before the port is bound

        return new DurableServer(app, new Uri($"http://127.0.0.1:{app.GetBoundPort()}"));
    }

    /// <summary>A graceful stop: acks are checkpointed and the data directory is unlocked.</summary>
    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
