using Npgsql;

namespace Tidings.Cluster;

/// <summary>
/// The cluster's SQL, on one dedicated, unpooled connection per node: the session that holds the leadership lock
/// (a session advisory lock, freed by PostgreSQL the moment the session dies, kill -9 of the node included), that
/// LISTENs on <see cref="Channel"/>, and that writes the leader and nodes tables (migration 0004_cluster.sql).
/// Unpooled so that closing it really ends the session: a pooled connection would keep the lock in the pool.
/// Used by <see cref="LeaderElection"/>'s loop only, one command at a time.
/// </summary>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    /// <summary>The NOTIFY channel a new leader announces itself on; the payload is its epoch.</summary>
    public const string Channel = "tidings_cluster";

    // "Tide" "Lead" in ASCII: recognisable in pg_locks (classid, objid), and apart from the migration lock. Both halves
    // are below 2^31, so they compare equal to pg_locks' oid columns without sign trouble.
    private const long LockKeyHigh = 0x54696465;
    private const long LockKeyLow = 0x4C656164;
    /// <summary>The advisory lock whose holder leads.</summary>
    public const long LockKey = (LockKeyHigh << 32) | LockKeyLow;

    private static readonly string ReadLeaderSql = $"""
        SELECT l.node_id, l.url, l.epoch FROM tidings_cluster_leader l
        WHERE EXISTS (SELECT 1 FROM pg_locks k
                      WHERE k.locktype = 'advisory' AND k.granted AND k.pid = l.backend_pid
                        AND k.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                        AND k.classid = {LockKeyHigh} AND k.objid = {LockKeyLow} AND k.objsubid = 1)
        """;

    private const string TouchNodeSql = """
        INSERT INTO tidings_cluster_nodes (node_id, url, started_at, last_seen) VALUES ($1, $2, now(), now())
        ON CONFLICT (node_id) DO UPDATE SET url = excluded.url, last_seen = excluded.last_seen
        """;

    private readonly NpgsqlConnection _connection;
    private int _notified;

    private ClusterDatabase(NpgsqlConnection connection)
    {
        _connection = connection;
        _connection.Notification += (_, _) => Interlocked.Exchange(ref _notified, 1);
    }

    /// <summary>The PostgreSQL backend of the session; tests terminate it to take the lock away.</summary>
    public int BackendPid => _connection.ProcessID;

    /// <summary>Opens the session and LISTENs; <paramref name="commandTimeout"/> bounds every command on it.</summary>
    public static async Task<ClusterDatabase> OpenAsync(string connectionString, string nodeId, TimeSpan commandTimeout, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = $"tidings cluster {nodeId}",
            CommandTimeout = (int)Math.Ceiling(commandTimeout.TotalSeconds),
            // A follower's session idles between heartbeats; keepalives notice a dead server or network sooner.
            KeepAlive = 5,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var database = new ClusterDatabase(connection);
            await database.ExecuteAsync($"LISTEN {Channel}").ConfigureAwait(false);
            return database;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A follower's heartbeat, one round trip: tries the lock, records this node as seen, and reads who leads.
    /// </summary>
    public async Task<(bool Won, LeaderInfo? Leader)> FollowerHeartbeatAsync(string nodeId, string url)
    {
        await using var batch = new NpgsqlBatch(_connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_try_advisory_lock({LockKey})"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(ReadLeaderSql));
        batch.BatchCommands.Add(TouchNode(nodeId, url)); // last: a statement without rows has no result set to skip
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        var won = reader.GetBoolean(0);
        await reader.NextResultAsync().ConfigureAwait(false);
        LeaderInfo? leader = await reader.ReadAsync().ConfigureAwait(false)
            ? new LeaderInfo(reader.GetString(0), reader.GetString(1), reader.GetInt64(2))
            : null;
        while (await reader.NextResultAsync().ConfigureAwait(false))
        {
        }
        return (won, leader);
    }

    /// <summary>The leader's heartbeat: proves the session (and so the lock) is alive, and records this node as seen.</summary>
    public async Task LeaderHeartbeatAsync(string nodeId, string url)
    {
        await using var batch = new NpgsqlBatch(_connection);
        batch.BatchCommands.Add(TouchNode(nodeId, url));
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Records this node as the leader with the next epoch and notifies the followers; returns the epoch.</summary>
    public async Task<long> RecordLeadershipAsync(string nodeId, string url)
    {
        await using var batch = new NpgsqlBatch(_connection);
        var record = new NpgsqlBatchCommand("""
            INSERT INTO tidings_cluster_leader (id, node_id, url, epoch, backend_pid, since)
            VALUES (true, $1, $2, 1, pg_backend_pid(), now())
            ON CONFLICT (id) DO UPDATE SET node_id = excluded.node_id, url = excluded.url,
                epoch = tidings_cluster_leader.epoch + 1, backend_pid = excluded.backend_pid, since = excluded.since
            RETURNING epoch
            """);
        record.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        record.Parameters.Add(new NpgsqlParameter { Value = url });
        batch.BatchCommands.Add(record);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', (SELECT epoch::text FROM tidings_cluster_leader))"));
        var epoch = await batch.ExecuteScalarAsync().ConfigureAwait(false);
        return Convert.ToInt64(epoch, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The database's <c>clock_timestamp()</c> with the local wall-clock readings just before and after.</summary>
    public async Task<ClockSample> SampleClockAsync(TimeProvider local)
    {
        await using var command = new NpgsqlCommand("SELECT clock_timestamp()", _connection);
        var before = local.GetUtcNow();
        var database = (DateTime)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
        var after = local.GetUtcNow();
        return new ClockSample(before, new DateTimeOffset(DateTime.SpecifyKind(database, DateTimeKind.Utc)), after);
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a NOTIFY on <see cref="Channel"/>; true when one came (then or
    /// during the last command). The follower re-reads the leader either way, so a lost notification costs a heartbeat.
    /// </summary>
    public async Task<bool> WaitForNotificationAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _notified, 0) == 1)
        {
            return true;
        }
        await _connection.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return Interlocked.Exchange(ref _notified, 0) == 1;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static NpgsqlBatchCommand TouchNode(string nodeId, string url)
    {
        var command = new NpgsqlBatchCommand(TouchNodeSql);
        command.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = url });
        return command;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
