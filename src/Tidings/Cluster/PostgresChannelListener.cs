using Microsoft.Extensions.Hosting;
using Npgsql;
using Tidings.Configuration;

namespace Tidings.Cluster;

/// <summary>
/// A <c>LISTEN</c> on one PostgreSQL channel, on an unpooled connection of its own that only waits. Whenever it starts
/// listening (after the node's start or a lost connection) it calls <see cref="OnListening"/>, for what was said while
/// nobody listened; then each notification's payload goes to <see cref="OnNotification"/>, in order, on this loop.
/// When the connection fails it tries again every heartbeat, telling <see cref="OnListenFailed"/> once until it listens.
/// </summary>
internal abstract class PostgresChannelListener(ClusterNode node, TidingsOptions options, TimeProvider time) : BackgroundService
{
    /// <summary>Whether the last attempt to listen failed (told once until one succeeds).</summary>
    private bool _failing;

    protected ClusterNode Node => node;

    /// <summary>The channel listened on.</summary>
    protected abstract string Channel { get; }

    /// <summary>What the connection is for, in its application name: <c>tidings {Purpose} {node id}</c>.</summary>
    protected abstract string Purpose { get; }

    /// <summary>Listening now (after <c>LISTEN</c>, so anything said from here on is heard too).</summary>
    protected abstract void OnListening();

    protected abstract void OnNotification(string payload);

    protected abstract void OnListenFailed(string reason);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever failed (the connection, the catch-up), listening again catches up.
                if (!_failing)
                {
                    OnListenFailed(exception.Message);
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

    /// <summary>Listens until the connection fails or the node stops.</summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Postgres)
        {
            Pooling = false,
            ApplicationName = $"tidings {Purpose} {node.NodeId}",
            // The connection only waits; keepalives notice a dead server or network, which ends the wait.
            KeepAlive = 5,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        var heard = new Queue<string>();
        connection.Notification += (_, notification) => heard.Enqueue(notification.Payload); // raised inside WaitAsync, on this loop
        await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
        }
        OnListening();
        _failing = false;
        while (true)
        {
            await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
            while (heard.TryDequeue(out var payload))
            {
                OnNotification(payload);
            }
        }
    }
}
