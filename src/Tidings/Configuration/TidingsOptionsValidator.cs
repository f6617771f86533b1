using System.Net;
using Microsoft.Extensions.Options;
using Tidings.Api.Modules.Locations;

namespace Tidings.Configuration;

/// <summary>Checks <see cref="TidingsOptions"/> before the server starts; each failure names the setting and its sources.</summary>
internal sealed class TidingsOptionsValidator : IValidateOptions<TidingsOptions>
{
    public const string AnyHost = "*";
    public const string Localhost = "localhost";

    public ValidateOptionsResult Validate(string? name, TidingsOptions options)
    {
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add("Host must not be empty (--host, TIDINGS_HOST, Tidings:Host).");
        }
        else if (!IsListenableHost(options.Host))
        {
            failures.Add(
                $"Host '{options.Host}' must be an IP address, '{Localhost}' or '{AnyHost}' (--host, TIDINGS_HOST, Tidings:Host).");
        }

        if (options.Port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            failures.Add(
                $"Port {options.Port} is out of range: use 0 to {IPEndPoint.MaxPort}, 0 picking a free port (--port, TIDINGS_PORT, Tidings:Port).");
        }

        if (options.EffectiveStore == StoreKind.Embedded && string.IsNullOrWhiteSpace(options.DataDir))
        {
            failures.Add("DataDir must not be empty unless InMemory is set (--data-dir, TIDINGS_DATA_DIR, Tidings:DataDir).");
        }

        if (options.FsyncIntervalMs <= 0)
        {
            failures.Add($"FsyncIntervalMs {options.FsyncIntervalMs} must be positive (--fsync-interval-ms, TIDINGS_FSYNC_INTERVAL_MS, Tidings:FsyncIntervalMs).");
        }

        foreach (var id in options.Locations.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (id != LocationsOptions.DefaultWord && !LocationNames.IsValidLocationId(id))
            {
                failures.Add($"Location '{id}' must be 1 to 100 ASCII letters, digits or hyphens (--locations, TIDINGS_LOCATIONS, Tidings:Locations).");
            }
        }

        if (options.OtlpEndpoint.Length > 0
            && !(Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"))
        {
            failures.Add($"OtlpEndpoint '{options.OtlpEndpoint}' must be an absolute http:// or https:// URL (--otlp-endpoint, TIDINGS_OTLP_ENDPOINT, Tidings:OtlpEndpoint).");
        }

        if (options.Bootstrap.Length > 0 && !File.Exists(options.Bootstrap))
        {
            failures.Add($"Bootstrap file '{options.Bootstrap}' does not exist (--bootstrap, TIDINGS_BOOTSTRAP, Tidings:Bootstrap).");
        }

        ValidateTls(options, failures);
        ClusterOptionsValidation.Validate(options, failures);
        ValidatePubSub(options.PubSub, failures);
        ValidateTasks(options.Tasks, failures);
        ValidateScheduler(options.Scheduler, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Whether the files hold a certificate and its key is checked when they are loaded (ServerCertificate).
    private static void ValidateTls(TidingsOptions options, List<string> failures)
    {
        if ((options.TlsCert.Length > 0) != (options.TlsKey.Length > 0))
        {
            failures.Add("TlsCert and TlsKey go together: give both PEM files or neither (--tls-cert/--tls-key, TIDINGS_TLS_CERT/TIDINGS_TLS_KEY, Tidings:TlsCert/TlsKey).");
        }

        foreach (var (path, option) in new[] { (options.TlsCert, "--tls-cert"), (options.TlsKey, "--tls-key") })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                failures.Add($"TLS file '{path}' ({option}) does not exist.");
            }
        }
    }

    private static void ValidatePubSub(PubSubSection pubSub, List<string> failures)
    {
        if (pubSub.PullWaitMs < 0)
        {
            failures.Add($"PubSub:PullWaitMs {pubSub.PullWaitMs} must not be negative (--pubsub-pull-wait-ms, TIDINGS_PUBSUB_PULL_WAIT_MS, Tidings:PubSub:PullWaitMs).");
        }

        if (pubSub.StreamLifetimeSeconds <= 0)
        {
            failures.Add($"PubSub:StreamLifetimeSeconds {pubSub.StreamLifetimeSeconds} must be positive (--pubsub-stream-lifetime-seconds, TIDINGS_PUBSUB_STREAM_LIFETIME_SECONDS, Tidings:PubSub:StreamLifetimeSeconds).");
        }

        if (pubSub.AckCheckpointIntervalMs <= 0)
        {
            failures.Add($"PubSub:AckCheckpointIntervalMs {pubSub.AckCheckpointIntervalMs} must be positive (--pubsub-ack-checkpoint-interval-ms, TIDINGS_PUBSUB_ACK_CHECKPOINT_INTERVAL_MS, Tidings:PubSub:AckCheckpointIntervalMs).");
        }

        if (pubSub.ExpirySweepIntervalSeconds <= 0)
        {
            failures.Add($"PubSub:ExpirySweepIntervalSeconds {pubSub.ExpirySweepIntervalSeconds} must be positive (--pubsub-expiry-sweep-interval-seconds, TIDINGS_PUBSUB_EXPIRY_SWEEP_INTERVAL_SECONDS, Tidings:PubSub:ExpirySweepIntervalSeconds).");
        }
    }

    private static void ValidateTasks(TasksSection tasks, List<string> failures)
    {
        if (tasks.TaskNameReservationSeconds < 0)
        {
            failures.Add($"Tasks:TaskNameReservationSeconds {tasks.TaskNameReservationSeconds} must not be negative (--tasks-task-name-reservation-seconds, TIDINGS_TASKS_TASK_NAME_RESERVATION_SECONDS, Tidings:Tasks:TaskNameReservationSeconds).");
        }

        if (tasks.QueueNameReservationSeconds < 0)
        {
            failures.Add($"Tasks:QueueNameReservationSeconds {tasks.QueueNameReservationSeconds} must not be negative (--tasks-queue-name-reservation-seconds, TIDINGS_TASKS_QUEUE_NAME_RESERVATION_SECONDS, Tidings:Tasks:QueueNameReservationSeconds).");
        }

        if (tasks.MaxConcurrentDispatches < 1)
        {
            failures.Add($"Tasks:MaxConcurrentDispatches {tasks.MaxConcurrentDispatches} must be positive (--tasks-max-concurrent-dispatches, TIDINGS_TASKS_MAX_CONCURRENT_DISPATCHES, Tidings:Tasks:MaxConcurrentDispatches).");
        }

        if (!TasksSection.IsValidBaseUrl(tasks.AppEngineBaseUrl))
        {
            failures.Add($"Tasks:AppEngineBaseUrl '{tasks.AppEngineBaseUrl}' must be an absolute http or https URL (--tasks-app-engine-base-url, TIDINGS_TASKS_APP_ENGINE_BASE_URL, Tidings:Tasks:AppEngineBaseUrl).");
        }
    }

    private static void ValidateScheduler(SchedulerSection scheduler, List<string> failures)
    {
        if (!scheduler.TryGetAppEngineBaseUrl(out _))
        {
            failures.Add($"Scheduler:AppEngineBaseUrl '{scheduler.AppEngineBaseUrl}' must be an absolute http or https URL (--scheduler-app-engine-base-url, TIDINGS_SCHEDULER_APP_ENGINE_BASE_URL, Tidings:Scheduler:AppEngineBaseUrl).");
        }

        if (!Enum.IsDefined(scheduler.MisfirePolicy))
        {
            failures.Add($"Scheduler:MisfirePolicy {scheduler.MisfirePolicy} must be Once or Skip (--scheduler-misfire-policy, TIDINGS_SCHEDULER_MISFIRE_POLICY, Tidings:Scheduler:MisfirePolicy).");
        }
    }

    private static bool IsListenableHost(string host) =>
        host == AnyHost
        || string.Equals(host, Localhost, StringComparison.OrdinalIgnoreCase)
        || IPAddress.TryParse(host, out _);
}
