using Npgsql;
using Tidings.Storage.Postgres.Messages;

namespace Tidings.Configuration;

/// <summary>
/// The store and cluster settings of <see cref="TidingsOptions"/>: <c>--store</c>, <c>--postgres</c>,
/// <c>--postgres-writers</c>, <c>--advertise-url</c>, <c>--node-id</c>, <c>--cluster-heartbeat-ms</c>. Messages never
/// quote the connection string, which may hold a password.
/// </summary>
internal static class ClusterOptionsValidation
{
    public const int MinHeartbeatMs = 50;

    /// <summary>The largest <see cref="TidingsOptions.PostgresCacheMb"/>: 1 TiB, far beyond any machine's memory, only to keep the bytes a long.</summary>
    public const int MaxPostgresCacheMb = 1 << 20;

    public static void Validate(TidingsOptions options, List<string> failures)
    {
        if (!Enum.IsDefined(options.Store))
        {
            failures.Add($"Store {options.Store} must be embedded, postgres or memory (--store, TIDINGS_STORE, Tidings:Store).");
        }

        if (options.InMemory && options.Store == StoreKind.Postgres)
        {
            failures.Add("InMemory and Store=postgres contradict each other: choose one (--in-memory, --store).");
        }

        if (options.EffectiveStore == StoreKind.Postgres)
        {
            ValidateConnectionString(options.Postgres, failures);
        }
        else if (options.Postgres.Length > 0)
        {
            failures.Add("Postgres is only used with Store=postgres: add --store postgres or remove it (--postgres, TIDINGS_POSTGRES, Tidings:Postgres).");
        }

        if (options.AdvertiseUrl.Length > 0
            && !(Uri.TryCreate(options.AdvertiseUrl, UriKind.Absolute, out var advertise) && advertise.Scheme is "http" or "https"
                && advertise.AbsolutePath == "/" && advertise.Query.Length == 0))
        {
            failures.Add($"AdvertiseUrl '{options.AdvertiseUrl}' must be an absolute http:// or https:// URL without a path, e.g. http://10.0.0.5:8085 (--advertise-url, TIDINGS_ADVERTISE_URL, Tidings:AdvertiseUrl).");
        }

        if (options.NodeId.Length > 0 && (options.NodeId.Length > 100 || options.NodeId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add("NodeId must be at most 100 characters without spaces (--node-id, TIDINGS_NODE_ID, Tidings:NodeId).");
        }

        if (options.PostgresWriters is < 1 or > PostgresMessageStoreOptions.MaxWriters)
        {
            failures.Add($"PostgresWriters {options.PostgresWriters} must be between 1 and {PostgresMessageStoreOptions.MaxWriters} (--postgres-writers, TIDINGS_POSTGRES_WRITERS, Tidings:PostgresWriters).");
        }

        if (options.PostgresCacheMb is < 0 or > MaxPostgresCacheMb)
        {
            failures.Add($"PostgresCacheMb {options.PostgresCacheMb} must be between 0 and {MaxPostgresCacheMb} (--postgres-cache-mb, TIDINGS_POSTGRES_CACHE_MB, Tidings:PostgresCacheMb).");
        }

        if (options.PubSubCells is < 1 or > PubSub.Cells.PubSubCellMap.MaxCount)
        {
            failures.Add($"PubSubCells {options.PubSubCells} must be between 1 and {PubSub.Cells.PubSubCellMap.MaxCount} (--pubsub-cells, TIDINGS_PUBSUB_CELLS, Tidings:PubSubCells).");
        }

        if (options.ClusterHeartbeatMs < MinHeartbeatMs)
        {
            failures.Add($"ClusterHeartbeatMs {options.ClusterHeartbeatMs} must be at least {MinHeartbeatMs} (--cluster-heartbeat-ms, TIDINGS_CLUSTER_HEARTBEAT_MS, Tidings:ClusterHeartbeatMs).");
        }
    }

    /// <summary>The connection string without its password, for logs and messages.</summary>
    public static string Redacted(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }

    private static void ValidateConnectionString(string connectionString, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add("Postgres must be set with Store=postgres: an Npgsql connection string such as \"Host=db;Database=tidings;Username=tidings;Password=…\" (--postgres, TIDINGS_POSTGRES, Tidings:Postgres).");
            return;
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(builder.Host))
            {
                failures.Add("Postgres must name a Host (--postgres, TIDINGS_POSTGRES, Tidings:Postgres).");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // The exception's message may quote the offending part; only its type of problem is given.
            failures.Add("Postgres is not a valid Npgsql connection string (key=value pairs separated by ';') (--postgres, TIDINGS_POSTGRES, Tidings:Postgres).");
        }
    }
}
