using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tidings.Api.Modules.PubSub;
using Tidings.Bootstrap;
using Tidings.Configuration;
using Tidings.Logging;
using Tidings.Monitoring;
using Tidings.PubSub.Cells;
using Tidings.Scheduler.Execution;
using Tidings.WebConsole;

namespace Tidings.Cluster;

/// <summary>
/// Cluster mode, on with <c>--store postgres</c>. Every node serves every client; each service's engine (Pub/Sub,
/// Cloud Tasks, Cloud Scheduler: a <see cref="ClusterUnit"/>) runs on one node at a time, its owner, and the others
/// forward that service's requests to it (<see cref="UnitForwarding"/>). Ownership is a PostgreSQL session advisory
/// lock per unit, spread over the nodes as they start (<see cref="UnitOwnership"/>, <see cref="UnitClaims"/>);
/// failover is a lock passing when its owner's session dies, after which the new owner recovers the engine from the
/// database exactly as a restart does. No consensus of our own: the database already serialises everything, so one
/// writer per service in front of it costs the cluster little next to what it saves (no cross-node leases, wake-ups
/// or rate limits), and a lost node costs its units a few heartbeats.
/// </summary>
internal static class ClusterRegistration
{
    /// <summary>
    /// Registers the cluster's services, and moves the hosted services of each engine's registration (and of the
    /// bootstrap file and execution log, split by service) to the start of the engine's unit; readiness is the
    /// cluster's to set.
    /// </summary>
    public static IServiceCollection AddTidingsCluster(this IServiceCollection services, TidingsOptions options, EngineRegistrations engines)
    {
        var shared = services.Skip(engines.SharedFrom).Where(UnitServices.IsHostedService).ToList();
        UnitServices.Defer(services, ClusterUnit.Scheduler, engines.SchedulerFrom, engines.SharedFrom);
        UnitServices.Defer(services, ClusterUnit.Tasks, engines.TasksFrom, engines.SchedulerFrom);
        if (options.PubSubCells > 1)
        {
            // Pub/Sub in cells: no one engine; each cell's unit opens an engine of its own over the cell's documents and logs.
            foreach (var descriptor in services.Skip(engines.PubSubFrom).Take(engines.TasksFrom - engines.PubSubFrom).Where(UnitServices.IsHostedService).ToList())
            {
                services.Remove(descriptor);
            }
            services.Replace(ServiceDescriptor.Singleton(provider => new PubSubCells(new PubSubCellMap(options.PubSubCells))
            {
                Elsewhere = provider.GetRequiredService<ClusterCellsElsewhere>(),
                SchemaChanges = provider.GetRequiredService<PostgresSchemaChangeNotifier>(),
            }));
            services.AddSingleton<ClusterCellsElsewhere>();
            services.AddSingleton<PostgresSchemaChangeNotifier>();
            services.AddHostedService<SchemaChangeListener>();
            services.AddSingleton<PubSubCellCache>();
            for (var cell = 0; cell < options.PubSubCells; cell++)
            {
                var unit = ClusterUnit.PubSubCell(cell);
                var index = cell;
                UnitServices.Add(services, unit, provider => new PubSubCellStartup(index, provider, provider.GetRequiredService<ILogger<PubSubCellStartup>>()));
            }
        }
        else
        {
            UnitServices.Defer(services, ClusterUnit.PubSub, engines.PubSubFrom, engines.TasksFrom);
        }
        foreach (var descriptor in shared)
        {
            services.Remove(descriptor);
            SplitByUnit(services, descriptor.ImplementationType, options.PubSubCells);
        }

        services.AddSingleton(provider => new ClusterNode(options));
        services.AddSingleton(new ClusterUnits(options.PubSubCells));
        services.AddSingleton<ClusterState>();
        services.AddSingleton<UnitServices>();
        services.AddSingleton<UnitRequests>();
        services.AddSingleton(provider => new ClusterWakeups(provider.GetRequiredService<ClusterNode>().Heartbeat / 10));
        services.AddHostedService<ClusterChangeListener>();
        services.AddSingleton<IFailStop, ProcessFailStop>();
        services.AddSingleton<ForwardingClient>();
        services.AddSingleton<ConsoleOverview>();
        services.AddSingleton<ConsolePartClient>();
        services.AddSingleton<IRemotePubSubDescriptions, ClusterRemotePubSubDescriptions>();
        services.AddSingleton<CellRouting>();
        services.AddSingleton<NodeChannels>();
        services.Replace(ServiceDescriptor.Singleton<IRemotePubSubCells, ClusterRemotePubSubCells>());
        services.AddHttpForwarder();
        services.Replace(ServiceDescriptor.Singleton<IPubSubTargetPublisher, ClusterPubSubTargetPublisher>());
        services.AddSingleton<LocalEngines, ClusterLocalEngines>();
        services.AddSingleton<UnitOwnership>();
        services.AddHostedService(provider => provider.GetRequiredService<UnitOwnership>());
        return services;
    }

    /// <summary>The cluster's clock: the database's wall clock, applied from the first unit won (<see cref="ClusterClock"/>).</summary>
    public static IServiceCollection AddClusterClock(this IServiceCollection services)
    {
        var clock = new ClusterClock(TimeProvider.System);
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        return services;
    }

    /// <summary>Forwarding first, so nothing else runs for a request another node serves.</summary>
    public static WebApplication UseTidingsCluster(this WebApplication app)
    {
        app.UseMiddleware<UnitForwarding>();
        return app;
    }

    // The hosted services that stand on more than one engine, each started per unit with that unit's part.
    private static void SplitByUnit(IServiceCollection services, Type? type, int pubSubCells)
    {
        if (type == typeof(BootstrapStartup))
        {
            if (pubSubCells == 1)
            {
                UnitServices.Add(services, ClusterUnit.PubSub, provider => Bootstrap(provider, null, BootstrapKind.Schema, BootstrapKind.Topic, BootstrapKind.Subscription));
            }
            for (var cell = 0; pubSubCells > 1 && cell < pubSubCells; cell++)
            {
                var index = cell;
                UnitServices.Add(services, ClusterUnit.PubSubCell(cell),
                    provider => Bootstrap(provider, index, BootstrapKind.Schema, BootstrapKind.Topic, BootstrapKind.Subscription));
            }
            UnitServices.Add(services, ClusterUnit.Tasks, provider => Bootstrap(provider, null, BootstrapKind.Queue));
            UnitServices.Add(services, ClusterUnit.Scheduler, provider => Bootstrap(provider, null, BootstrapKind.Job));
        }
        else if (type == typeof(ExecutionLogWriter))
        {
            UnitServices.Add(services, ClusterUnit.Tasks, provider => new ExecutionLogWriter(provider,
                provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>())
            { WatchScheduler = false });
            UnitServices.Add(services, ClusterUnit.Scheduler, provider => new ExecutionLogWriter(provider,
                provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>())
            { WatchTasks = false });
        }
        else if (type != typeof(ReadinessMarker))
        {
            // ReadinessMarker is not started: readiness is the cluster's, and UnitOwnership creates the meter.
            throw new InvalidOperationException($"The hosted service {type} stands on the engines but is not placed in a cluster unit.");
        }
    }

    private static IHostedService Bootstrap(IServiceProvider provider, int? cell, params BootstrapKind[] kinds) =>
        new BootstrapStartup(provider.GetRequiredService<BootstrapFile>(), provider.GetRequiredService<BootstrapApplier>(),
            provider.GetRequiredService<ILogger<BootstrapStartup>>())
        {
            Kinds = kinds.ToHashSet(),
            Cell = cell,
        };
}

/// <summary>
/// Where each engine's registrations begin in the service collection (they follow one another in this order), and
/// where the hosted services shared by the engines (bootstrap file, execution log, readiness) begin.
/// </summary>
internal sealed record EngineRegistrations(int PubSubFrom, int TasksFrom, int SchedulerFrom, int SharedFrom);
