using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tidings.Configuration;
using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;
using Tidings.Storage.Postgres.Keys;
using Tidings.Storage.Postgres.Messages;
using Tidings.Storage.Postgres.State;
using Tidings.Storage.Postgres.Tasks;
using Tidings.Storage.Segments;
using Tidings.Storage.Sqlite;
using Tidings.Storage.State;
using Tidings.Storage.Tasks;

namespace Tidings.Hosting;

/// <summary>
/// Chooses the stores: in memory for <c>--in-memory</c>, otherwise the durable engine under the data directory —
/// message logs in <c>logs/</c> (our segmented log), small state in <c>state.db</c> and Cloud Tasks' tasks in
/// <c>tasks.db</c> (SQLite; the file appears when the task store is first used); or, for <c>--store postgres</c>,
/// the PostgreSQL stores.
/// </summary>
internal static class StorageRegistration
{
    public const string LogsDirectory = "logs";
    public const string StateFile = "state.db";
    public const string TasksFile = "tasks.db";

    public static IServiceCollection AddTidingsStorage(this IServiceCollection services, TidingsOptions options)
    {
        if (options.EffectiveStore == StoreKind.Postgres)
        {
            return services.AddPostgresStorage(options);
        }
        if (options.InMemory)
        {
            services.AddSingleton<IMessageStore, InMemoryMessageStore>();
            services.AddSingleton<IStateStore, InMemoryStateStore>();
            services.AddSingleton<ITaskStore>(provider => new InMemoryTaskStore(options.Tasks.ToStoreOptions(), provider.GetRequiredService<TimeProvider>()));
            return services;
        }

        services.AddSingleton(_ => DataDirectoryLock.Acquire(options.DataDir));
        services.AddSingleton<IMessageStore>(provider =>
        {
            provider.GetRequiredService<DataDirectoryLock>();
            return new SegmentLogStore(
                new SegmentLogStoreOptions
                {
                    Directory = Path.Combine(options.DataDir, LogsDirectory),
                    SyncMode = options.Fsync == FsyncMode.Always ? SyncMode.Always : SyncMode.Interval,
                    SyncInterval = TimeSpan.FromMilliseconds(options.FsyncIntervalMs),
                    Repair = options.Repair,
                },
                provider.GetRequiredService<ILogger<SegmentLogStore>>());
        });
        services.AddSingleton<IStateStore>(provider =>
        {
            provider.GetRequiredService<DataDirectoryLock>();
            return new SqliteStateStore(Path.Combine(options.DataDir, StateFile));
        });
        services.AddSingleton<ITaskStore>(provider =>
        {
            provider.GetRequiredService<DataDirectoryLock>();
            return new SqliteTaskStore(new SqliteStoreOptions(Path.Combine(options.DataDir, TasksFile)), options.Tasks.ToStoreOptions(), provider.GetRequiredService<TimeProvider>());
        });
        return services;
    }

    /// <summary>
    /// The PostgreSQL stores over one pooled <see cref="NpgsqlDataSource"/>; no data directory is used or locked.
    /// The schema is migrated by the first hosted service (<see cref="PostgresSchemaStartup"/>).
    /// </summary>
    /// <summary>Connections the stores of one node use at most, unless the connection string says otherwise.</summary>
    public const int DefaultMaxPoolSize = 16;

    // The generic builder keeps the keys as written (quoted values with ';' included), so an alias is seen as given.
    private static bool HasSetting(string connectionString, params string[] keys)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(given.ContainsKey);
    }

    private static IServiceCollection AddPostgresStorage(this IServiceCollection services, TidingsOptions options)
    {
        services.AddSingleton(_ =>
        {
            var builder = new NpgsqlDataSourceBuilder(options.Postgres);
            builder.ConnectionStringBuilder.ApplicationName ??= "tidings";
            // Npgsql's default of 100 lets one busy leader (a dispatcher per queue, each with its claims, renewals
            // and deletes in flight) take every connection PostgreSQL allows (max_connections is 100 by default),
            // refusing the other nodes and thrashing two cores. The stores group their writes, so a few suffice;
            // a Maximum Pool Size in the connection string still wins.
            if (!HasSetting(options.Postgres, "Maximum Pool Size", "MaxPoolSize"))
            {
                builder.ConnectionStringBuilder.MaxPoolSize = DefaultMaxPoolSize;
            }
            return builder.Build();
        });
        services.AddHostedService<PostgresSchemaStartup>();
        services.AddSingleton(provider => new PostgresKeyStore(provider.GetRequiredService<NpgsqlDataSource>()));
        // Opened only where the engines open: at host start for one node, on each service's owner in a cluster.
        services.AddSingleton<IMessageStore>(provider => new PostgresMessageStore(
            provider.GetRequiredService<NpgsqlDataSource>(),
            new PostgresMessageStoreOptions { Writers = options.PostgresWriters, CacheBytes = (long)options.PostgresCacheMb << 20 },
            provider.GetRequiredService<ILogger<PostgresMessageStore>>()));
        services.AddSingleton<IStateStore>(provider => new PostgresStateStore(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<ITaskStore>(provider => new PostgresTaskStore(
            provider.GetRequiredService<NpgsqlDataSource>(), options.Tasks.ToStoreOptions(), provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
