namespace Tidings.Configuration;

/// <summary>One setting of <see cref="TidingsOptions"/> and the names it goes by in each source.</summary>
/// <param name="Key">Configuration key, e.g. <c>Tidings:Port</c>.</param>
/// <param name="Option">Command-line option, e.g. <c>--port</c>.</param>
/// <param name="EnvironmentVariable">Environment variable, e.g. <c>TIDINGS_PORT</c>.</param>
/// <param name="IsFlag">True when the option may stand alone, meaning <c>true</c>.</param>
internal sealed record TidingsSetting(string Key, string Option, string EnvironmentVariable, bool IsFlag)
{
    public static readonly IReadOnlyList<TidingsSetting> All =
    [
        new(Path(nameof(TidingsOptions.Host)), "--host", "TIDINGS_HOST", IsFlag: false),
        new(Path(nameof(TidingsOptions.Port)), "--port", "TIDINGS_PORT", IsFlag: false),
        new(Path(nameof(TidingsOptions.DataDir)), "--data-dir", "TIDINGS_DATA_DIR", IsFlag: false),
        new(Path(nameof(TidingsOptions.InMemory)), "--in-memory", "TIDINGS_IN_MEMORY", IsFlag: true),
        new(Path(nameof(TidingsOptions.Store)), "--store", "TIDINGS_STORE", IsFlag: false),
        new(Path(nameof(TidingsOptions.Postgres)), "--postgres", "TIDINGS_POSTGRES", IsFlag: false),
        new(Path(nameof(TidingsOptions.PostgresWriters)), "--postgres-writers", "TIDINGS_POSTGRES_WRITERS", IsFlag: false),
        new(Path(nameof(TidingsOptions.PostgresCacheMb)), "--postgres-cache-mb", "TIDINGS_POSTGRES_CACHE_MB", IsFlag: false),
        new(Path(nameof(TidingsOptions.PubSubCells)), "--pubsub-cells", "TIDINGS_PUBSUB_CELLS", IsFlag: false),
        new(Path(nameof(TidingsOptions.AdvertiseUrl)), "--advertise-url", "TIDINGS_ADVERTISE_URL", IsFlag: false),
        new(Path(nameof(TidingsOptions.NodeId)), "--node-id", "TIDINGS_NODE_ID", IsFlag: false),
        new(Path(nameof(TidingsOptions.ClusterHeartbeatMs)), "--cluster-heartbeat-ms", "TIDINGS_CLUSTER_HEARTBEAT_MS", IsFlag: false),
        new(Path(nameof(TidingsOptions.Fsync)), "--fsync", "TIDINGS_FSYNC", IsFlag: false),
        new(Path(nameof(TidingsOptions.FsyncIntervalMs)), "--fsync-interval-ms", "TIDINGS_FSYNC_INTERVAL_MS", IsFlag: false),
        new(Path(nameof(TidingsOptions.Repair)), "--repair", "TIDINGS_REPAIR", IsFlag: true),
        new(Path(nameof(TidingsOptions.PushAllowedHosts)), "--push-allowed-hosts", "TIDINGS_PUSH_ALLOWED_HOSTS", IsFlag: false),
        new(Path(nameof(TidingsOptions.OidcIssuer)), "--oidc-issuer", "TIDINGS_OIDC_ISSUER", IsFlag: false),
        new(Path(nameof(TidingsOptions.Locations)), "--locations", "TIDINGS_LOCATIONS", IsFlag: false),
        new(Path(nameof(TidingsOptions.Bootstrap)), "--bootstrap", "TIDINGS_BOOTSTRAP", IsFlag: false),
        new(Path(nameof(TidingsOptions.TlsCert)), "--tls-cert", "TIDINGS_TLS_CERT", IsFlag: false),
        new(Path(nameof(TidingsOptions.TlsKey)), "--tls-key", "TIDINGS_TLS_KEY", IsFlag: false),
        new(Path(nameof(TidingsOptions.LogFormat)), "--log-format", "TIDINGS_LOG_FORMAT", IsFlag: false),
        new(Path(nameof(TidingsOptions.OtlpEndpoint)), "--otlp-endpoint", "TIDINGS_OTLP_ENDPOINT", IsFlag: false),
        new(PubSub(nameof(PubSubSection.PullWaitMs)), "--pubsub-pull-wait-ms", "TIDINGS_PUBSUB_PULL_WAIT_MS", IsFlag: false),
        new(PubSub(nameof(PubSubSection.StreamLifetimeSeconds)), "--pubsub-stream-lifetime-seconds", "TIDINGS_PUBSUB_STREAM_LIFETIME_SECONDS", IsFlag: false),
        new(PubSub(nameof(PubSubSection.AckCheckpointIntervalMs)), "--pubsub-ack-checkpoint-interval-ms", "TIDINGS_PUBSUB_ACK_CHECKPOINT_INTERVAL_MS", IsFlag: false),
        new(PubSub(nameof(PubSubSection.ExpirySweepIntervalSeconds)), "--pubsub-expiry-sweep-interval-seconds", "TIDINGS_PUBSUB_EXPIRY_SWEEP_INTERVAL_SECONDS", IsFlag: false),
        new(PubSub(nameof(PubSubSection.EnforceLimits)), "--pubsub-enforce-limits", "TIDINGS_PUBSUB_ENFORCE_LIMITS", IsFlag: true),
        new(Tasks(nameof(TasksSection.TaskNameReservationSeconds)), "--tasks-task-name-reservation-seconds", "TIDINGS_TASKS_TASK_NAME_RESERVATION_SECONDS", IsFlag: false),
        new(Tasks(nameof(TasksSection.QueueNameReservationSeconds)), "--tasks-queue-name-reservation-seconds", "TIDINGS_TASKS_QUEUE_NAME_RESERVATION_SECONDS", IsFlag: false),
        new(Tasks(nameof(TasksSection.AppEngineBaseUrl)), "--tasks-app-engine-base-url", "TIDINGS_TASKS_APP_ENGINE_BASE_URL", IsFlag: false),
        new(Tasks(nameof(TasksSection.MaxConcurrentDispatches)), "--tasks-max-concurrent-dispatches", "TIDINGS_TASKS_MAX_CONCURRENT_DISPATCHES", IsFlag: false),
        new(Scheduler(nameof(SchedulerSection.AppEngineBaseUrl)), "--scheduler-app-engine-base-url", "TIDINGS_SCHEDULER_APP_ENGINE_BASE_URL", IsFlag: false),
        new(Scheduler(nameof(SchedulerSection.MisfirePolicy)), "--scheduler-misfire-policy", "TIDINGS_SCHEDULER_MISFIRE_POLICY", IsFlag: false),
    ];

    private static string Path(string property) => $"{TidingsOptions.SectionName}:{property}";

    /// <summary>A key of the Pub/Sub section; Tasks and Scheduler get sections of their own beside it.</summary>
    private static string PubSub(string property) => $"{TidingsOptions.SectionName}:{PubSubSection.SectionName}:{property}";

    /// <summary>A key of the Cloud Tasks section.</summary>
    private static string Tasks(string property) => $"{TidingsOptions.SectionName}:{TasksSection.SectionName}:{property}";
    /// <summary>A key of the Cloud Scheduler section.</summary>
    private static string Scheduler(string property) => $"{TidingsOptions.SectionName}:{SchedulerSection.SectionName}:{property}";
}
