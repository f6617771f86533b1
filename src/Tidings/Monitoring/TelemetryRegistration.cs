using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tidings.Configuration;
using Tidings.PubSub.Monitoring;
using Tidings.Storage.Messages;
using Tidings.Storage.Monitoring;

namespace Tidings.Monitoring;

/// <summary>
/// Metrics, traces and health: OpenTelemetry with the Prometheus exporter on <c>/metrics</c> of the main port,
/// traces exported over OTLP only when <see cref="TidingsOptions.OtlpEndpoint"/> is set, and the probes.
/// </summary>
internal static class TelemetryRegistration
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Registers readiness and its marker, a hosted service that also creates the meter (which reads the engines);
    /// call after the engines and the bootstrap file, so it starts once they have.
    /// </summary>
    public static IServiceCollection AddTidingsReadiness(this IServiceCollection services)
    {
        services.AddSingleton<Readiness>();
        services.AddHostedService<ReadinessMarker>();
        return services;
    }

    /// <summary>
    /// Registers the meter and the exporters; the meter is created by <see cref="ReadinessMarker"/> (in a cluster, by
    /// Cluster/UnitOwnership once the node listens).
    /// </summary>
    public static IServiceCollection AddTidingsTelemetry(this IServiceCollection services, TidingsOptions options)
    {
        // Meters are process-wide by name: with several servers in one process (tests), each exports its own only.
        var meter = new Meter(MetricNames.MeterName);
        services.TryAddSingleton<LocalEngines>();
        services.AddSingleton<StatisticsSnapshot>();
        // A cluster's message store is PostgreSQL's, which has no storage figures of its own here, and resolving it
        // on a node that does not run Pub/Sub would open it there.
        services.AddSingleton(provider => new TidingsMeter(meter, provider.GetRequiredService<StatisticsSnapshot>(),
            options.EffectiveStore == StoreKind.Postgres ? null : provider.GetRequiredService<IMessageStore>()));

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("tidings"))
            .WithMetrics(metrics => metrics
                .AddMeter(MetricNames.MeterName, StorageMetrics.MeterName)
                .AddView(instrument => instrument.Meter.Name == MetricNames.MeterName && instrument.Meter != meter ? MetricStreamConfiguration.Drop : null)
                // Google's metric names are not Prometheus counters' "_total" names; a scrape is always computed afresh.
                .AddPrometheusExporter(prometheus =>
                {
                    prometheus.DisableTotalNameSuffixForCounters = true;
                    prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                }));
        if (options.OtlpEndpoint.Length > 0)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(PubSubTracing.SourceName)
                .AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = new Uri(options.OtlpEndpoint);
                    otlp.Protocol = OtlpExportProtocol.Grpc;
                }));
        }
        return services;
    }

    /// <summary>Serves <c>/metrics</c> ahead of every other middleware, so the REST conventions never see it.</summary>
    public static WebApplication UseTidingsTelemetry(this WebApplication app)
    {
        app.UseOpenTelemetryPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
