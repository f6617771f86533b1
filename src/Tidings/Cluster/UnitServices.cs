using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tidings.Cluster;

/// <summary>
/// The hosted services that open each unit's engine and stand on it (the engine's start-up service, its part of the
/// bootstrap file and of the execution log), which in cluster mode start when this node wins the unit instead of when
/// the host starts: the port is bound first so the node can forward, and nothing resolves an engine on a node that
/// does not own its unit. <see cref="Defer"/> moves their registrations aside (as services keyed by the unit, in their
/// order); <see cref="StartAsync"/> starts a unit's one after another as the host would, and a graceful stop stops
/// every started one in reverse order.
/// </summary>
internal sealed class UnitServices(IServiceProvider services)
{
    private readonly List<(ClusterUnit Unit, IHostedService Service)> _started = [];

    public static string Key(ClusterUnit unit) => $"tidings-unit-{unit.Name()}";

    /// <summary>Moves every hosted service registered at <paramref name="from"/> up to <paramref name="to"/> to <paramref name="unit"/>'s.</summary>
    public static void Defer(IServiceCollection services, ClusterUnit unit, int from, int to)
    {
        var deferred = services.Skip(from).Take(to - from).Where(IsHostedService).ToList();
        foreach (var descriptor in deferred)
        {
            services.Remove(descriptor);
            if (descriptor.ImplementationType is { } type)
            {
                services.AddKeyedSingleton(typeof(IHostedService), Key(unit), type);
            }
            else if (descriptor.ImplementationFactory is { } factory)
            {
                services.AddKeyedSingleton(typeof(IHostedService), Key(unit), (provider, _) => factory(provider));
            }
            else
            {
                services.AddKeyedSingleton(typeof(IHostedService), Key(unit), descriptor.ImplementationInstance!);
            }
        }
    }

    /// <summary>Adds a hosted service of <paramref name="unit"/>, made by <paramref name="create"/> when the unit starts.</summary>
    public static void Add(IServiceCollection services, ClusterUnit unit, Func<IServiceProvider, IHostedService> create) =>
        services.AddKeyedSingleton(typeof(IHostedService), Key(unit), (provider, _) => create(provider));

    public static bool IsHostedService(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService;

    /// <summary>Starts <paramref name="unit"/>'s in registration order; the first failure propagates (the engine is then half open).</summary>
    public async Task StartAsync(ClusterUnit unit, CancellationToken cancellationToken)
    {
        foreach (var service in services.GetKeyedServices<IHostedService>(Key(unit)))
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
            lock (_started)
            {
                _started.Add((unit, service));
            }
        }
    }

    /// <summary>Stops every one started, in reverse order. The container disposes the engines afterwards.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => StopAsync(_ => true, cancellationToken);

    /// <summary>
    /// Stops <paramref name="unit"/>'s, in reverse order, when it is handed to another node; they may start again
    /// if it comes back. Only a Pub/Sub cell's close this way: their start-up disposes the engine it opened.
    /// </summary>
    public Task StopAsync(ClusterUnit unit, CancellationToken cancellationToken) => StopAsync(u => u == unit, cancellationToken);

    private async Task StopAsync(Func<ClusterUnit, bool> which, CancellationToken cancellationToken)
    {
        IHostedService[] stopping;
        lock (_started)
        {
            stopping = [.. _started.Where(s => which(s.Unit)).Select(s => s.Service)];
            _started.RemoveAll(s => which(s.Unit));
        }
        foreach (var service in stopping.Reverse())
        {
            await service.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
