using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tidings.Delivery;
using Tidings.PubSub.Cells;
using Tidings.Storage.Messages;
using Tidings.Storage.State;

namespace Tidings.PubSub.Hosting;

/// <summary>Registers the Pub/Sub engine with a host; the API layer maps its gRPC services separately.</summary>
public static class PubSubServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Pub/Sub engine (<see cref="PubSubBroker"/>) and a start-up service that opens it when the host
    /// starts, before the server listens, and serves it as the one cell of <see cref="PubSubCells"/>. The host registers what the engine stands on: <see cref="IMessageStore"/>,
    /// <see cref="IStateStore"/>, <see cref="IHttpDeliverer"/> and, unless the system clock will do,
    /// <see cref="TimeProvider"/>. A <see cref="PubSubOptions"/> registered later replaces <paramref name="options"/>.
    /// </summary>
    public static IServiceCollection AddPubSub(this IServiceCollection services, PubSubOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton(new PubSubCells(PubSubCellMap.Single));
        services.TryAddSingleton(provider => new PubSubBroker(
            provider.GetRequiredService<IMessageStore>(),
            provider.GetRequiredService<IStateStore>(),
            provider.GetRequiredService<IHttpDeliverer>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<PubSubOptions>(),
            provider.GetRequiredService<ILogger<PubSubBroker>>()));
        services.AddHostedService<PubSubEngineStartup>();
        return services;
    }
}
