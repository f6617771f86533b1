using Tidings.Storage.Postgres.Messages;

namespace Tidings.Configuration;

/// <summary>
/// Settings of the Tidings server, bound from the <c>Tidings</c> section of, in increasing precedence,
/// the JSON config file, the <c>TIDINGS_*</c> environment variables and the command line
/// (see <see cref="TidingsOptionsLoader"/>). Validated at start by <see cref="TidingsOptionsValidator"/>.
/// </summary>
internal sealed class TidingsOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Tidings";

    /// <summary>
    /// Address to listen on: an IP address (<c>0.0.0.0</c> or <c>::</c> for all interfaces of one family),
    /// <c>localhost</c>, or <c>*</c> for all interfaces. Default <c>127.0.0.1</c>.
    /// Option <c>--host</c>, environment variable <c>TIDINGS_HOST</c>.
    /// </summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>
    /// TCP port serving gRPC (HTTP/2 cleartext) and REST (HTTP/1.1) together, as the official emulator does.
    /// Default 8085, the Pub/Sub emulator's. 0 picks a free port; the port bound is printed at start.
    /// Option <c>--port</c>, environment variable <c>TIDINGS_PORT</c>.
    /// </summary>
    public int Port { get; set; } = 8085;

    /// <summary>
    /// Directory holding the durable state. Empty means the default: <c>$XDG_DATA_HOME/tidings</c>, or
    /// <c>~/.local/share/tidings</c> when <c>XDG_DATA_HOME</c> is unset or relative. A relative path is taken
    /// against the working directory; after loading, the value is always an absolute path.
    /// Used only by <see cref="StoreKind.Embedded"/>.
    /// Option <c>--data-dir</c>, environment variable <c>TIDINGS_DATA_DIR</c>.
    /// </summary>
    public string DataDir { get; set; } = "";

    /// <summary>
    /// Keep all state in memory and write nothing to disk; everything is lost at exit. Default false.
    /// Option <c>--in-memory</c> (a bare flag means true), environment variable <c>TIDINGS_IN_MEMORY</c>.
    /// </summary>
    public bool InMemory { get; set; }

    /// <summary>
    /// Where state is kept: <see cref="StoreKind.Embedded"/> (default) under <see cref="DataDir"/>,
    /// <see cref="StoreKind.Postgres"/> in the database of <see cref="Postgres"/> (cluster mode: several nodes may
    /// share it, one of them running the engines), or <see cref="StoreKind.Memory"/>, which <see cref="InMemory"/>
    /// also selects. Read it through <see cref="EffectiveStore"/>.
    /// Option <c>--store embedded|postgres|memory</c>, environment variable <c>TIDINGS_STORE</c>.
    /// </summary>
    public StoreKind Store { get; set; } = StoreKind.Embedded;

    /// <summary>The store in force: <see cref="StoreKind.Memory"/> when <see cref="InMemory"/> is set, else <see cref="Store"/>.</summary>
    public StoreKind EffectiveStore => InMemory ? StoreKind.Memory : Store;

    /// <summary>
    /// The Npgsql connection string of the PostgreSQL database (<c>Host=…;Database=…;Username=…;Password=…</c>);
    /// required with <see cref="StoreKind.Postgres"/> and refused otherwise. Its password is never logged.
    /// Option <c>--postgres</c>, environment variable <c>TIDINGS_POSTGRES</c>.
    /// </summary>
    public string Postgres { get; set; } = "";

    /// <summary>
    /// With <see cref="StoreKind.Postgres"/>: how many connections commit published messages in parallel, each for
    /// its share of the topics (one topic's messages always go through the same one). Default 2, at most 32.
    /// Option <c>--postgres-writers</c>, environment variable <c>TIDINGS_POSTGRES_WRITERS</c>.
    /// </summary>
    public int PostgresWriters { get; set; } = 2;

    /// <summary>
    /// With <see cref="StoreKind.Postgres"/>: how many cells Pub/Sub is split into, each the engine of its topics that
    /// one node runs (docs/cluster.md). Default 1, at most 256; the same on every node of a cluster, and fixed for a
    /// database. Option <c>--pubsub-cells</c>, environment variable <c>TIDINGS_PUBSUB_CELLS</c>.
    /// </summary>
    public int PubSubCells { get; set; } = 1;

    /// <summary>
    /// With <see cref="StoreKind.Postgres"/>: MiB of published messages kept in memory (the latest appended, and
    /// what a read of older ones fetched ahead), so subscribers read them without asking the database. Default 64;
    /// 0 reads every message from the database. Option <c>--postgres-cache-mb</c>, environment variable
    /// <c>TIDINGS_POSTGRES_CACHE_MB</c>.
    /// </summary>
    public int PostgresCacheMb { get; set; } = (int)(new PostgresMessageStoreOptions().CacheBytes >> 20);

    /// <summary>
    /// The URL other nodes of a cluster reach this one by, to forward requests to it while it leads. Empty (the
    /// default) means <c>http(s)://&lt;host&gt;:&lt;bound port&gt;</c>, with 127.0.0.1 for a wildcard host, which
    /// suits nodes on one machine only. Option <c>--advertise-url</c>, environment variable <c>TIDINGS_ADVERTISE_URL</c>.
    /// </summary>
    public string AdvertiseUrl { get; set; } = "";

    /// <summary>
    /// This node's name in the cluster's tables and logs. Empty (the default) means the host name and a random
    /// suffix, different at every start. Option <c>--node-id</c>, environment variable <c>TIDINGS_NODE_ID</c>.
    /// </summary>
    public string NodeId { get; set; } = "";

    /// <summary>
    /// How often, in milliseconds, a cluster node records itself as live, re-reads each service's owner, tries for
    /// free services' locks and checks the connection that holds its own. A node that wins a service's lock waits two
    /// heartbeats before opening its engine; a service whose lock stays free three heartbeats is taken by anyone.
    /// Default 1000. Option <c>--cluster-heartbeat-ms</c>, environment variable <c>TIDINGS_CLUSTER_HEARTBEAT_MS</c>.
    /// </summary>
    public int ClusterHeartbeatMs { get; set; } = 1000;

    /// <summary>
    /// When a publish is answered: <see cref="FsyncMode.Always"/> (default) once its messages are fsynced to disk,
    /// so an answered publish survives a crash or power loss; <see cref="FsyncMode.Interval"/> once written, with
    /// an fsync every <see cref="FsyncIntervalMs"/>, trading the last interval's messages on power loss for speed.
    /// Option <c>--fsync always|interval</c>, environment variable <c>TIDINGS_FSYNC</c>.
    /// </summary>
    public FsyncMode Fsync { get; set; } = FsyncMode.Always;

    /// <summary>
    /// The fsync period of <see cref="FsyncMode.Interval"/>, in milliseconds. Default 100.
    /// Option <c>--fsync-interval-ms</c>, environment variable <c>TIDINGS_FSYNC_INTERVAL_MS</c>.
    /// </summary>
    public int FsyncIntervalMs { get; set; } = 100;

    /// <summary>
    /// Start even when a message log holds a corrupt record that is not a torn tail: the log is cut at the
    /// corruption and what was dropped is logged. Without it, such corruption stops start-up. Default false.
    /// Option <c>--repair</c>, environment variable <c>TIDINGS_REPAIR</c>.
    /// </summary>
    public bool Repair { get; set; }

    /// <summary>
    /// Hosts push endpoints may name, comma-separated (<c>host</c>, <c>host:port</c> or <c>*.domain</c>); empty
    /// (the default) allows every host. Set it when the server must not be made to call arbitrary addresses.
    /// Option <c>--push-allowed-hosts</c>, environment variable <c>TIDINGS_PUSH_ALLOWED_HOSTS</c>.
    /// </summary>
    public string PushAllowedHosts { get; set; } = "";

    /// <summary>
    /// The <c>iss</c> of push OIDC tokens and the base of the discovery document and keys; default this server's
    /// own address, e.g. <c>http://127.0.0.1:8085</c>. Set it to the URL receivers reach the server by.
    /// Option <c>--oidc-issuer</c>, environment variable <c>TIDINGS_OIDC_ISSUER</c>.
    /// </summary>
    public string OidcIssuer { get; set; } = "";

    /// <summary>
    /// The locations ListLocations answers for Cloud Tasks and Cloud Scheduler, comma-separated; <c>default</c> stands
    /// for Google's regions (<c>default,local</c> adds one). Empty (the default) means Google's regions. Queues and jobs
    /// may use any location whatever this says. Option <c>--locations</c>, environment variable <c>TIDINGS_LOCATIONS</c>.
    /// </summary>
    public string Locations { get; set; } = "";

    /// <summary>
    /// A YAML file of topics, subscriptions, queues and jobs applied at every start, after recovery and before the
    /// server listens (docs/bootstrap.md); relative paths are taken against the working directory. Empty (the
    /// default) applies nothing. Option <c>--bootstrap</c>, environment variable <c>TIDINGS_BOOTSTRAP</c>.
    /// </summary>
    public string Bootstrap { get; set; } = "";

    /// <summary>
    /// PEM file of the server's certificate (its chain may follow). With <see cref="TlsKey"/>, the port serves TLS
    /// only: gRPC over HTTP/2 and REST over HTTP/1.1, chosen by ALPN. Empty (the default) serves cleartext.
    /// Option <c>--tls-cert</c>, environment variable <c>TIDINGS_TLS_CERT</c>.
    /// </summary>
    public string TlsCert { get; set; } = "";

    /// <summary>
    /// PEM file of the private key of <see cref="TlsCert"/> (PKCS#8, PKCS#1 or SEC1, unencrypted); set both or neither.
    /// Option <c>--tls-key</c>, environment variable <c>TIDINGS_TLS_KEY</c>.
    /// </summary>
    public string TlsKey { get; set; } = "";

    /// <summary>
    /// How log lines are written to the console: <see cref="LogFormat.Text"/> (default) for people, or
    /// <see cref="LogFormat.Json"/>, one JSON object a line, with a Cloud Logging-shaped entry per task attempt and job run.
    /// Option <c>--log-format text|json</c>, environment variable <c>TIDINGS_LOG_FORMAT</c>.
    /// </summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Text;

    /// <summary>
    /// An OpenTelemetry collector's OTLP/gRPC endpoint (e.g. <c>http://localhost:4317</c>) to export publish and deliver
    /// spans to; empty (the default) exports none. Option <c>--otlp-endpoint</c>, environment variable <c>TIDINGS_OTLP_ENDPOINT</c>.
    /// </summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>The Pub/Sub service's settings, the <c>Tidings:PubSub</c> section.</summary>
    public PubSubSection PubSub { get; set; } = new();

    /// <summary>The Cloud Tasks service's settings, the <c>Tidings:Tasks</c> section.</summary>
    public TasksSection Tasks { get; set; } = new();
    /// <summary>The Cloud Scheduler service's settings, the <c>Tidings:Scheduler</c> section.</summary>
    public SchedulerSection Scheduler { get; set; } = new();
}
