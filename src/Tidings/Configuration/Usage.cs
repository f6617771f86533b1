namespace Tidings.Configuration;

/// <summary>The text printed by <c>--help</c>.</summary>
internal static class Usage
{
    public const string Text =
        """
        Usage: tidings [options]

        A self-hosted server for the Google Cloud Pub/Sub, Cloud Tasks and Cloud Scheduler APIs.
        gRPC (HTTP/2) and REST (HTTP/1.1) are served on the same port, cleartext unless --tls-cert is given.

        Options:
          --host ADDRESS   Address to listen on: an IP address, localhost, or * for all interfaces.
                           Default 127.0.0.1. Environment: TIDINGS_HOST.
          --port PORT      TCP port, 0 to 65535; 0 picks a free port. Default 8085.
                           Environment: TIDINGS_PORT.
          --data-dir DIR   Directory for stored data. Default $XDG_DATA_HOME/tidings, or
                           ~/.local/share/tidings when XDG_DATA_HOME is unset.
                           Environment: TIDINGS_DATA_DIR.
          --in-memory      Keep everything in memory and write nothing to disk.
                           Also --in-memory=false. Environment: TIDINGS_IN_MEMORY (true/false).
          --store embedded|postgres|memory
                           Where state is kept: embedded (default) under --data-dir; postgres in
                           the database of --postgres, which several nodes may share as a cluster
                           (one leads and runs the engines, the others forward to it); memory is
                           --in-memory. Environment: TIDINGS_STORE.
          --postgres CONNECTION
                           Npgsql connection string of the database, required with --store
                           postgres, e.g. "Host=db;Database=tidings;Username=u;Password=p".
                           Environment: TIDINGS_POSTGRES.
          --postgres-writers N
                           Connections that commit published messages in parallel, each for its
                           share of the topics. Default 2. Environment: TIDINGS_POSTGRES_WRITERS.
          --postgres-cache-mb N
                           MiB of published messages kept in memory for subscribers (the latest,
                           and what reads of older ones fetched ahead); 0 reads each from the
                           database. Default 64. Environment: TIDINGS_POSTGRES_CACHE_MB.
          --pubsub-cells N Cells Pub/Sub is split into, each a topic's engine that one node of the
                           cluster runs, so several nodes share Pub/Sub's work. The same on every
                           node; a database keeps the count it started with. Default 1, at most 256.
                           Environment: TIDINGS_PUBSUB_CELLS.
          --advertise-url URL
                           How the other nodes of a cluster reach this one. Default
                           http://HOST:PORT with the bound port (127.0.0.1 for a wildcard host).
                           Environment: TIDINGS_ADVERTISE_URL.
          --node-id ID     This node's name in the cluster. Default: host name and a random suffix.
                           Environment: TIDINGS_NODE_ID.
          --cluster-heartbeat-ms MS
                           How often a node checks its locks and tries for free services. A lost
                           node's services are taken over within two to four heartbeats. Default 1000.
                           Environment: TIDINGS_CLUSTER_HEARTBEAT_MS.
          --fsync MODE     always (default): a publish is answered once its messages are fsynced;
                           interval: answered once written, fsynced every --fsync-interval-ms
                           (default 100). Environment: TIDINGS_FSYNC, TIDINGS_FSYNC_INTERVAL_MS.
          --repair         Start even if a message log is corrupt, cutting it at the corruption and
                           logging what was dropped. Without it, corruption stops start-up.
                           Environment: TIDINGS_REPAIR.
          --push-allowed-hosts LIST
                           Hosts push endpoints may name, comma-separated (host, host:port,
                           *.domain). Default: any. Environment: TIDINGS_PUSH_ALLOWED_HOSTS.
          --oidc-issuer URL
                           Issuer of push OIDC tokens and base URL of the discovery document
                           (/.well-known/openid-configuration) and keys (/oauth2/v3/certs).
                           Default: this server's address. Environment: TIDINGS_OIDC_ISSUER.
          --locations LIST Locations ListLocations answers for Cloud Tasks and Cloud Scheduler,
                           comma-separated; "default" stands for Google's regions (default,local
                           adds one). Default: Google's regions. Queues and jobs may use any
                           location. Environment: TIDINGS_LOCATIONS.
          --bootstrap FILE YAML file of topics, subscriptions, queues and jobs created (or updated)
                           at every start, before the server listens; see docs/bootstrap.md.
                           Environment: TIDINGS_BOOTSTRAP.
          --tls-cert FILE  PEM certificate (chain may follow); with --tls-key the port serves TLS
                           only, gRPC over HTTP/2 and REST over HTTP/1.1 chosen by ALPN.
                           Environment: TIDINGS_TLS_CERT.
          --tls-key FILE   PEM private key of --tls-cert, unencrypted. Environment: TIDINGS_TLS_KEY.
          --log-format text|json
                           text (default) for people; json writes one JSON object a line, with a
                           Cloud Logging-shaped entry per task attempt and job run.
                           Environment: TIDINGS_LOG_FORMAT.
          --otlp-endpoint URL
                           Export publish and deliver spans to this OpenTelemetry collector
                           (OTLP/gRPC, e.g. http://localhost:4317). Default: none.
                           Environment: TIDINGS_OTLP_ENDPOINT.
          --pubsub-pull-wait-ms MS
                           How long a Pull without return_immediately waits for a message; 0
                           answers at once. Default 10000. Environment: TIDINGS_PUBSUB_PULL_WAIT_MS.
          --pubsub-stream-lifetime-seconds SECONDS
                           An idle StreamingPull stream is closed with UNAVAILABLE after this long
                           and the client reopens it, as Google recycles streams. Default 1800.
                           Environment: TIDINGS_PUBSUB_STREAM_LIFETIME_SECONDS.
          --pubsub-ack-checkpoint-interval-ms MS
                           How often acks are saved; after a crash, messages acked within the last
                           interval may be delivered again. Default 100.
                           Environment: TIDINGS_PUBSUB_ACK_CHECKPOINT_INTERVAL_MS.
          --pubsub-expiry-sweep-interval-seconds SECONDS
                           How often subscriptions inactive for their expiration policy's ttl are
                           deleted. Default 60. Environment: TIDINGS_PUBSUB_EXPIRY_SWEEP_INTERVAL_SECONDS.
          --pubsub-enforce-limits
                           Enforce Google's message and request limits (default); lift them with
                           --pubsub-enforce-limits=false. Environment: TIDINGS_PUBSUB_ENFORCE_LIMITS.
          --tasks-task-name-reservation-seconds SECONDS
                           How long the name of a finished or deleted task stays reserved, so a
                           task created again under it is refused. Default 86400 (Google: up to
                           24 hours). Environment: TIDINGS_TASKS_TASK_NAME_RESERVATION_SECONDS.
          --tasks-queue-name-reservation-seconds SECONDS
                           How long a deleted queue's name stays reserved. Default 604800 (7 days).
                           Environment: TIDINGS_TASKS_QUEUE_NAME_RESERVATION_SECONDS.
          --tasks-app-engine-base-url URL
                           Where App Engine tasks are sent; the routing's service, version and
                           instance go in front of its host. Default http://localhost:8080.
                           Environment: TIDINGS_TASKS_APP_ENGINE_BASE_URL.
          --tasks-max-concurrent-dispatches N
                           Task dispatches in flight at most across all queues (each queue also
                           has its own limit). Default 1000.
                           Environment: TIDINGS_TASKS_MAX_CONCURRENT_DISPATCHES.
          --scheduler-app-engine-base-url URL
                           Where Cloud Scheduler's App Engine targets are sent; the job's
                           relative_uri is appended. Default http://localhost:8080.
                           Environment: TIDINGS_SCHEDULER_APP_ENGINE_BASE_URL.
          --scheduler-misfire-policy once|skip
                           Runs a job missed while the server was down: once (default) makes one
                           late run at start-up, skip waits for the next one.
                           Environment: TIDINGS_SCHEDULER_MISFIRE_POLICY.
          --config FILE    JSON config file. Default: tidings.json in the working directory, if present.
          -h, --help       Print this help and exit.

        Precedence, lowest to highest: config file, environment variables, command line.
        The config file holds the same settings in a "Tidings" section, each service's in its own:
          { "Tidings": { "Host": "0.0.0.0", "Port": 8085, "DataDir": "/var/lib/tidings",
                         "PubSub": { "PullWaitMs": 10000, "StreamLifetimeSeconds": 1800 },
                         "Tasks": { "AppEngineBaseUrl": "http://localhost:8080" } } }

        Logging uses the usual .NET settings, e.g. the variable Logging__LogLevel__Default=Debug.
        Once serving, one line is printed to standard output: "Tidings listening on HOST:PORT".
        The same port serves /metrics (Prometheus), /healthz and /readyz.
        Exit codes: 0 after a clean stop or --help, 1 when the server fails, 2 for invalid settings
        (including a bootstrap file the server cannot apply, or a PostgreSQL server it cannot reach),
        3 when a cluster node lost the connection holding its locks (it stops at once; others take over).
        """;
}
