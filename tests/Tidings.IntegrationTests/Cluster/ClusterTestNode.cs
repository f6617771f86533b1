using System.Net.Http.Json;
using System.Text.Json;
using Google.Cloud.PubSub.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tidings.Cluster;
using Tidings.Configuration;
using Tidings.Hosting;

namespace Tidings.IntegrationTests.Cluster;

/// <summary>
/// One node of a cluster, hosted in-process on a free port exactly as <c>tidings --store postgres</c> builds it,
/// with a short heartbeat and a fail-stop that records instead of ending the test process.
/// </summary>
internal sealed class ClusterTestNode : IAsyncDisposable
{
    public const int HeartbeatMs = 100;

    private readonly WebApplication _app;
    private bool _stopped;

    private ClusterTestNode(WebApplication app, string nodeId, RecordingFailStop failStop)
    {
        _app = app;
        NodeId = nodeId;
        FailStop = failStop;
        Address = new Uri($"http://127.0.0.1:{app.GetBoundPort()}");
        Channel = GrpcChannel.ForAddress(Address);
        Publisher = new Publisher.PublisherClient(Channel);
        Subscriber = new Subscriber.SubscriberClient(Channel);
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string NodeId { get; }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public Publisher.PublisherClient Publisher { get; }

    public Subscriber.SubscriberClient Subscriber { get; }

    /// <summary>HTTP/1.1 to this node, for REST and the probes.</summary>
    public HttpClient Http { get; }

    public RecordingFailStop FailStop { get; }

    public IServiceProvider Services => _app.Services;

    public ClusterState State => _app.Services.GetRequiredService<ClusterState>();

    /// <summary>Whether this node runs <paramref name="unit"/>'s engine.</summary>
    public bool Owns(ClusterUnit unit) => State.RoleOf(unit) == UnitRole.Owning;

    /// <summary>Whether this node runs every engine (a lone node does).</summary>
    public bool OwnsAll => State.Units.All.All(Owns);

    /// <summary>The PostgreSQL backend of the session holding (or trying for) this node's unit locks.</summary>
    public int LockBackendPid => _app.Services.GetRequiredService<UnitOwnership>().BackendPid;

    /// <param name="configureServices">Runs after the defaults (tests replace stores or the clock here).</param>
    /// <param name="configureOptions">Changes the node's options before the host is built (a bootstrap file, say).</param>
    public static async Task<ClusterTestNode> StartAsync(string connectionString, string nodeId, Action<IServiceCollection>? configureServices = null,
        Action<TidingsOptions>? configureOptions = null)
    {
        var options = new TidingsOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            Store = StoreKind.Postgres,
            Postgres = connectionString,
            NodeId = nodeId,
            ClusterHeartbeatMs = HeartbeatMs,
        };
        configureOptions?.Invoke(options);
        var failStop = new RecordingFailStop();
        var app = TidingsHost.Build(options, services =>
        {
            if (Environment.GetEnvironmentVariable("TIDINGS_TEST_CLUSTER_LOGS") is null) { services.AddLogging(logging => logging.ClearProviders()); }
            services.AddSingleton<IFailStop>(failStop);
            configureServices?.Invoke(services);
        });
        await app.StartAsync();
        return new ClusterTestNode(app, nodeId, failStop);
    }

    /// <summary>This node's <c>/clusterz</c>.</summary>
    public async Task<JsonElement> StatusAsync() => await Http.GetFromJsonAsync<JsonElement>(ClusterStatusEndpoint.Path);

    /// <summary>A graceful stop: the engines write their last state, then the locks' session closes.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        Channel.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

/// <summary>Records a fail-stop instead of ending the process.</summary>
internal sealed class RecordingFailStop : IFailStop
{
    private readonly TaskCompletionSource<int> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the exit code of the first stop.</summary>
    public Task<int> Stopped => _stopped.Task;

    public void Stop(int exitCode, string reason) => _stopped.TrySetResult(exitCode);
}
