using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tidings.Cluster;

/// <summary>
/// The hosted services that open the engines and stand on them (each engine's start-up service, the bootstrap file,
/// the execution log, readiness), which in cluster mode start when this node wins the leadership instead of when the
/// host starts: the port is bound first so a follower can forward, and nothing resolves an engine on a follower.
/// <see cref="Defer"/> moves their registrations aside (as keyed services, in their order); the leader starts them
/// one after another as the host would, and stops them in reverse order at a graceful stop.
/// </summary>
internal sealed class LeaderServices(IServiceProvider services)
{
    public const string Key = "tidings-leader";

    private readonly List<IHostedService> _started = [];

    /// <summary>
    /// Moves every hosted service registered at or after <paramref name="from"/> to the leader's services.
    /// </summary>
    public static void Defer(IServiceCollection services, int from)
    {
        var deferred = services.Skip(from).Where(d => d.ServiceType == typeof(IHostedService) && !d.IsKeyedService).ToList();
        foreach (var descriptor in deferred)
        {
            services.Remove(descriptor);
            if (descriptor.ImplementationType is { } type)
            {
                services.AddKeyedSingleton(typeof(IHostedService), Key, type);
            }
            else if (descriptor.ImplementationFactory is { } factory)
            {
                services.AddKeyedSingleton(typeof(IHostedService), Key, (provider, _) => factory(provider));
            }
            else
            {
                services.AddKeyedSingleton(typeof(IHostedService), Key, descriptor.ImplementationInstance!);
            }
        }
    }

    /// <summary>Starts them in registration order; the first failure propagates (the engines are then half open).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var service in services.GetKeyedServices<IHostedService>(Key))
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
            lock (_started)
            {
                _started.Add(service);
            }
        }
    }

    /// <summary>Stops those started, in reverse order. The container disposes the engines afterwards.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        IHostedService[] started;
        lock (_started)
        {
            started = [.. _started];
            _started.Clear();
        }
        foreach (var service in started.Reverse())
        {
            await service.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
