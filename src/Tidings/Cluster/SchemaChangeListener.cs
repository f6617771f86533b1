using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tidings.Configuration;
using Tidings.PubSub.Cells;
using Tidings.Storage.State;

namespace Tidings.Cluster;

/// <summary>
/// With Pub/Sub in cells, keeps this node's copy of the schemas up to date with the changes made through other nodes:
/// this node announces its changes (<see cref="PostgresSchemaChangeNotifier"/>, the <see cref="PubSubCells"/>' notifier)
/// and this service <c>LISTEN</c>s for everyone's on a connection of its own, reloading each schema named
/// (<see cref="SchemaChangeApplier"/>: a deleted one rebinds this node's topics to <c>_deleted-schema_</c>). Whenever
/// it starts listening, after a start or a lost connection, it reloads every schema, for the changes it did not hear
/// meanwhile; it reconnects every heartbeat until it can. Between a change and its notification the engine reads a
/// schema again itself when it misses it or a message fails against it; the notification is what rebinds the topics
/// of a deleted schema here and retires what another node deleted or rolled back.
/// </summary>
internal sealed class SchemaChangeListener(
    PubSubCells cells,
    IStateStore stateStore,
    ClusterNode node,
    TidingsOptions options,
    TimeProvider time,
    ILogger<SchemaChangeListener> logger) : BackgroundService
{
    /// <summary>Whether the last attempt to listen failed (logged once until one succeeds).</summary>
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var applier = new SchemaChangeApplier(cells, stateStore);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(applier, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever failed (the connection, a read of the stored schemas), listening again reloads them all.
                if (!_failing)
                {
                    SchemaChangeLog.ListenFailed(logger, node.NodeId, exception.Message);
                    _failing = true;
                }
            }
            try
            {
                await Task.Delay(node.Heartbeat, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Listens until the connection fails or the node stops; applies each change heard, in order.</summary>
    private async Task ListenAsync(SchemaChangeApplier applier, CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Postgres)
        {
            Pooling = false,
            ApplicationName = $"tidings schemas {node.NodeId}",
            // The connection only waits; keepalives notice a dead server or network, which ends the wait.
            KeepAlive = 5,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        var heard = new Queue<string>();
        connection.Notification += (_, notification) => heard.Enqueue(notification.Payload); // raised inside WaitAsync, on this loop
        await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresSchemaChangeNotifier.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
        }
        applier.ApplyAll(); // after LISTEN, so a change is either read here or heard below
        SchemaChangeLog.Listening(logger, node.NodeId, PostgresSchemaChangeNotifier.Channel);
        _failing = false;
        while (true)
        {
            await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
            while (heard.TryDequeue(out var schema))
            {
                SchemaChangeLog.Reloading(logger, node.NodeId, schema);
                applier.Apply(schema);
            }
        }
    }
}
