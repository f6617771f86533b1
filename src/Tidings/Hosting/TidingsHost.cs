using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tidings.Api;
using Tidings.Api.Modules.Locations;
using Tidings.Api.Modules.PubSub;
using Tidings.Api.Modules.Scheduler;
using Tidings.Api.Modules.Tasks;
using Tidings.Bootstrap;
using Tidings.Cluster;
using Tidings.Configuration;
using Tidings.Logging;
using Tidings.Monitoring;
using Tidings.PubSub.Hosting;
using Tidings.Scheduler.Hosting;
using Tidings.Tasks.Hosting;
using Tidings.WebConsole;

namespace Tidings.Hosting;

/// <summary>Builds the Tidings web application: services, the single Kestrel endpoint, and the routes.</summary>
internal static class TidingsHost
{
    /// <summary>The body of <c>GET /</c>, as the official emulator answers, for readiness probes.</summary>
    public const string ReadyResponse = "Ok";

    /// <summary>
    /// Builds, without starting, the application serving <paramref name="options"/>, which must be valid.
    /// </summary>
    /// <exception cref="TidingsConfigurationException">The TLS certificate or the bootstrap file named by the options is unusable.</exception>
    /// <param name="options">Validated options; also registered as a singleton.</param>
    /// <param name="configureServices">
    /// Runs after every default registration, so what it adds wins (tests put a fake <see cref="TimeProvider"/> here).
    /// </param>
    public static WebApplication Build(TidingsOptions options, Action<IServiceCollection>? configureServices = null)
    {
        // Args stay empty: the command line belongs to TidingsOptions, not to the generic host's configuration.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(TidingsHost).Assembly.GetName().Name,
        });

        // ASP.NET Core logs every request, gRPC every error status, cancelled call and failed read (with a stack
        // trace), and YARP every request a cluster node forwards (two lines each), at Information, which we keep for
        // lifecycle events. Added as the lowest-precedence source, so
        // appsettings.json or Logging__LogLevel__Grpc=Information still override it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData =
            [
                KeyValuePair.Create("Logging:LogLevel:Microsoft.AspNetCore", (string?)"Warning"),
                KeyValuePair.Create("Logging:LogLevel:Grpc", (string?)"Warning"),
                KeyValuePair.Create("Logging:LogLevel:Yarp", (string?)"Warning"),
            ],
        });

        var cluster = options.EffectiveStore == StoreKind.Postgres;
        if (cluster)
        {
            builder.Services.AddClusterClock();
        }
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddTidingsStorage(options);
        var allowList = DeliveryRegistration.AllowList(options);
        builder.Services.AddTidingsDelivery(options, allowList);
        builder.Services.AddTidingsApi();
        // Hosted services start in registration order. From here to readiness they open the engines and stand on
        // them: at host start for a single node; in a cluster, each engine's when this node wins its unit
        // (Cluster/UnitServices), so where each engine's registrations begin is kept.
        var pubSubFrom = builder.Services.Count;
        // One registration per service: its engine here, its API below (Tasks and Scheduler join beside it).
        builder.Services.AddPubSub(options.PubSub.ToEngineOptions(allowList));
        var tasksFrom = builder.Services.Count;
        builder.Services.AddCloudTasks(options.Tasks.ToEngineOptions());
        builder.Services.AddLocations(LocationsOptions.Parse(options.Locations));
        var schedulerFrom = builder.Services.Count;
        builder.Services.AddCloudScheduler(options.Scheduler.ToEngineOptions());
        var sharedFrom = builder.Services.Count;
        builder.Services.AddTidingsBootstrap(options);
        builder.Logging.AddTidingsLogFormat(builder.Services, options);
        builder.Services.AddTidingsReadiness(); // after the engines and the bootstrap file: readiness follows them
        if (cluster)
        {
            builder.Services.AddTidingsCluster(options, new EngineRegistrations(pubSubFrom, tasksFrom, schedulerFrom, sharedFrom));
            // The forwarding middleware logs what fails, telling a client that went away (a stream it cancelled,
            // every reconnect) from an owner that did not answer; the forwarder would warn of each either way.
            builder.Logging.AddFilter("Yarp.ReverseProxy.Forwarder.HttpForwarder", LogLevel.Error);
        }
        builder.Services.AddTidingsTelemetry(options);
        var certificate = ServerCertificate.Load(options);
        builder.WebHost.ConfigureKestrel(kestrel => TidingsEndpoint.Configure(kestrel, options, certificate));
        builder.WebHost.UseLargeSocketBuffers();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();

        app.UseTidingsTelemetry();
        if (cluster)
        {
            // Before everything but /metrics: a request for another node's service is forwarded whole, conventions and all.
            app.UseTidingsCluster();
        }

        // Google's REST error shape is applied to whole responses, so it goes before routing; gRPC passes through.
        app.UseGoogleRestConventions();
        app.UseRouting();
        app.UseGoogleEndpointConventions();
        app.MapGet("/", () => Results.Text(ReadyResponse));
        app.MapHealthEndpoints();
        if (cluster)
        {
            app.MapClusterStatus();
        }
        app.MapPubSubApi();
        app.MapTasksApi();
        app.MapLocationsApi();
        app.MapSchedulerApi();
        app.MapOidcDocuments();
        app.MapTidingsConsole();

        TidingsLog.EffectiveOptions(app.Logger, options);
        return app;
    }

    /// <summary>The TCP port the started application listens on; for Port 0, the one the system picked.</summary>
    /// <exception cref="InvalidOperationException">The application has not started.</exception>
    public static int GetBoundPort(this WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no bound address; start it first.");
        return BindingAddress.Parse(address).Port;
    }
}
