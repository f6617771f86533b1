using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tidings.Delivery;
using Tidings.Storage.State;
using Tidings.Storage.Tasks;

namespace Tidings.Tasks.Hosting;

/// <summary>Registers the Cloud Tasks engine with a host; the API layer maps its gRPC service separately.</summary>
public static class TasksServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Cloud Tasks engine (<see cref="CloudTasksEngine"/>) and a start-up service that opens it when the
    /// host starts, before the server listens. The host registers what the engine stands on: <see cref="IStateStore"/>,
    /// <see cref="ITaskStore"/> (which keeps the name reservation windows), <see cref="IHttpDeliverer"/> and, unless
    /// the system clock will do, <see cref="TimeProvider"/>. A <see cref="TasksOptions"/> registered later replaces
    /// <paramref name="options"/>.
    /// </summary>
    public static IServiceCollection AddCloudTasks(this IServiceCollection services, TasksOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton(provider => new CloudTasksEngine(
            provider.GetRequiredService<IStateStore>(),
            provider.GetRequiredService<ITaskStore>(),
            provider.GetRequiredService<IHttpDeliverer>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<TasksOptions>(),
            provider.GetRequiredService<ILogger<CloudTasksEngine>>()));
        services.AddHostedService<TasksEngineStartup>();
        return services;
    }
}
