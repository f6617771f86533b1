using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tidings.Configuration;

namespace Tidings.Cluster;

/// <summary>
/// Cluster mode, on with <c>--store postgres</c>. The design of this first phase: every node serves every client;
/// one node at a time, the leader, runs the three engines (Pub/Sub, Cloud Tasks, Cloud Scheduler) on the PostgreSQL
/// stores, and the others forward each request to it (<see cref="LeaderForwarding"/>). Leadership is a PostgreSQL
/// session advisory lock (<see cref="LeaderElection"/>); failover is that lock passing when the leader's session
/// dies, after which the new leader recovers the engines from the database exactly as a restart does. No consensus
/// of our own: the database already serialises everything, so one writer in front of it costs the cluster little
/// next to what it saves (no cross-node leases, wake-ups or rate limits), and a lost node costs a few heartbeats.
/// </summary>
internal static class ClusterRegistration
{
    /// <summary>
    /// Registers the cluster's services, and moves the hosted services registered from index
    /// <paramref name="engineServicesFrom"/> on (the engines' start-up and what stands on them) to the leader's start.
    /// </summary>
    public static IServiceCollection AddTidingsCluster(this IServiceCollection services, TidingsOptions options, int engineServicesFrom)
    {
        LeaderServices.Defer(services, engineServicesFrom);
        services.AddSingleton(provider => new ClusterNode(options));
        services.AddSingleton<ClusterState>();
        services.AddSingleton<LeaderServices>();
        services.AddSingleton<IFailStop, ProcessFailStop>();
        services.AddSingleton<ForwardingClient>();
        services.AddHttpForwarder();
        services.AddSingleton<LeaderElection>();
        services.AddHostedService(provider => provider.GetRequiredService<LeaderElection>());
        return services;
    }

    /// <summary>The cluster's clock: the database's wall clock, applied from leadership on (<see cref="ClusterClock"/>).</summary>
    public static IServiceCollection AddClusterClock(this IServiceCollection services)
    {
        var clock = new ClusterClock(TimeProvider.System);
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        return services;
    }

    /// <summary>Forwarding first, so nothing else runs for a request the leader serves; then the status endpoint.</summary>
    public static WebApplication UseTidingsCluster(this WebApplication app)
    {
        app.UseMiddleware<LeaderForwarding>();
        return app;
    }
}
