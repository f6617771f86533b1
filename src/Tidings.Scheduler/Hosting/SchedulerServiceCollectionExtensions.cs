using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tidings.Delivery;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.Scheduler.Execution;
using Tidings.Storage.State;

namespace Tidings.Scheduler.Hosting;

/// <summary>Registers the Cloud Scheduler engine with a host; the API layer maps its gRPC service separately.</summary>
public static class SchedulerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Cloud Scheduler engine (<see cref="SchedulerEngine"/>) and a start-up service that opens it when
    /// the host starts, before the server listens. The host registers what the engine stands on:
    /// <see cref="IStateStore"/>, <see cref="IHttpDeliverer"/>, the Pub/Sub engine (<c>AddPubSub()</c>) that Pub/Sub
    /// targets publish into (or another <see cref="IPubSubTargetPublisher"/> put in its place) and, unless the system clock will do, <see cref="TimeProvider"/>. A
    /// <see cref="SchedulerOptions"/> registered later replaces <paramref name="options"/>.
    /// </summary>
    public static IServiceCollection AddCloudScheduler(this IServiceCollection services, SchedulerOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<IPubSubTargetPublisher>(provider => new BrokerTargetPublisher(provider.GetRequiredService<PubSubCells>()));
        services.TryAddSingleton(provider => new SchedulerEngine(
            provider.GetRequiredService<IStateStore>(),
            provider.GetRequiredService<IHttpDeliverer>(),
            provider.GetRequiredService<IPubSubTargetPublisher>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<SchedulerOptions>(),
            provider.GetRequiredService<ILogger<SchedulerEngine>>()));
        services.AddHostedService<SchedulerEngineStartup>();
        return services;
    }
}
