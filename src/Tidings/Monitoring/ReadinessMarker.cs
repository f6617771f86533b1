using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tidings.Monitoring;

/// <summary>
/// Registered after every engine's start-up service, and hosted services start one after another in registration
/// order: when this one starts, every engine has opened its stores and finished recovery. A graceful stop makes the
/// server not ready at once, so an orchestrator stops routing to it while it drains. The meter is created here too:
/// its instruments read the engines and the message store, which must not be opened before the engines' start-up
/// does it (that is where a data directory that cannot be opened is reported). In cluster mode it is not started:
/// readiness is the cluster's (Cluster/UnitOwnership), which creates the meter once the node listens; it shows the
/// figures of the engines the node runs (<see cref="LocalEngines"/>).
/// </summary>
internal sealed class ReadinessMarker(Readiness readiness, IHostApplicationLifetime lifetime, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetService<TidingsMeter>();
        lifetime.ApplicationStopping.Register(readiness.MarkStopping);
        readiness.MarkReady();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        return Task.CompletedTask;
    }
}
