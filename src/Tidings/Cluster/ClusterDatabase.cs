using System.Globalization;
using Npgsql;

namespace Tidings.Cluster;

/// <summary>
/// The cluster's SQL, on one dedicated, unpooled connection per node: the session that holds this node's unit locks
/// (session advisory locks, freed by PostgreSQL the moment the session dies, kill -9 of the node included), and that
/// writes the owners and nodes tables (migrations 0004 and 0006). Nodes learn of a new owner when they hear its
/// announcement (<see cref="Channel"/>), or at their next heartbeat.
/// Unpooled so that closing it really ends the session: a pooled connection would keep the locks in the pool.
/// Used by <see cref="UnitOwnership"/>'s loop only, one command at a time.
/// </summary>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    /// <summary>
    /// The NOTIFY channel a unit's change of owner is announced on (recorded, handed back, left); the payload is the
    /// unit. The nodes hear it (<see cref="ClusterChangeListener"/>), and so may operators' tools.
    /// </summary>
    public const string Channel = "tidings_cluster";

    private const string DatabaseOid = "(SELECT oid FROM pg_database WHERE datname = current_database())";

    // A row is trusted only while its backend holds the unit's lock: a dead owner's row is never followed.
    private static string ReadOwnersSql(ClusterUnits units) => $"""
        SELECT o.unit, o.node_id, o.url, o.epoch FROM tidings_cluster_owners o
        WHERE EXISTS (SELECT 1 FROM pg_locks k
                      WHERE k.locktype = 'advisory' AND k.granted AND k.pid = o.backend_pid AND k.database = {DatabaseOid}
                        AND k.classid = {ClusterUnits.LockClassId} AND k.objsubid = 1
                        AND k.objid = CASE o.unit {string.Concat(units.All.Select(u => $"WHEN '{u.Name()}' THEN {u.LockObjectId()} "))}END)
        """;

    /// <summary><c>backend_pid</c> of an owner row whose unit was handed back to another node (<see cref="CellHandback"/>).</summary>
    public const int HandedBackPid = 0;

    /// <summary><c>backend_pid</c> of an owner row whose node stopped gracefully: its units are anyone's at once.</summary>
    public const int LeftPid = -1;

    // Units whose owner stopped gracefully and that nobody took since (a new owner's row names its own backend).
    private static readonly string ReadLeftSql = $"SELECT unit FROM tidings_cluster_owners WHERE backend_pid = {LeftPid}";

    private static readonly string ReadHeldSql = $"""
        SELECT k.objid::bigint FROM pg_locks k
        WHERE k.locktype = 'advisory' AND k.granted AND k.database = {DatabaseOid}
          AND k.classid = {ClusterUnits.LockClassId} AND k.objsubid = 1
        """;

    // Live: seen within the window, by the database's clock on both sides, so skewed node clocks do not matter, and its
    // heartbeat session still open: a node killed is not counted from the moment PostgreSQL saw its connection close
    // (a backend that took the dead one's pid since started after the node's last heartbeat).
    private const string ReadLiveNodesSql = """
        SELECT n.node_id, n.url FROM tidings_cluster_nodes n
        WHERE n.last_seen > now() - make_interval(secs => $1)
          AND (n.backend_pid IS NULL
               OR EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = n.backend_pid AND a.backend_start <= n.last_seen))
        ORDER BY n.node_id
        """;

    private const string TouchNodeSql = """
        INSERT INTO tidings_cluster_nodes (node_id, url, started_at, last_seen, backend_pid) VALUES ($1, $2, now(), now(), pg_backend_pid())
        ON CONFLICT (node_id) DO UPDATE SET url = excluded.url, last_seen = excluded.last_seen, backend_pid = excluded.backend_pid
        """;

    private readonly NpgsqlConnection _connection;
    private readonly ClusterUnits _units;
    private readonly string _readOwnersSql;

    private ClusterDatabase(NpgsqlConnection connection, ClusterUnits units)
    {
        _connection = connection;
        _units = units;
        _readOwnersSql = ReadOwnersSql(units);
    }

    /// <summary>The PostgreSQL backend of the session; tests terminate it to take the locks away.</summary>
    public int BackendPid => _connection.ProcessID;

    /// <summary>Opens the session; <paramref name="commandTimeout"/> bounds every command on it.</summary>
    public static async Task<ClusterDatabase> OpenAsync(string connectionString, string nodeId, ClusterUnits units, TimeSpan commandTimeout, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = $"tidings cluster {nodeId}",
            CommandTimeout = (int)Math.Ceiling(commandTimeout.TotalSeconds),
            // The session idles between heartbeats; keepalives notice a dead server or network sooner.
            KeepAlive = 5,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return new ClusterDatabase(connection, units);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A heartbeat, one round trip: records this node as seen (which also proves the session, and so every lock it
    /// holds, alive), and reads the owners, the held locks and the nodes seen within <paramref name="liveWindow"/>.
    /// </summary>
    public async Task<ClusterView> HeartbeatAsync(string nodeId, string url, TimeSpan liveWindow)
    {
        await using var batch = new NpgsqlBatch(_connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_readOwnersSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(ReadHeldSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(ReadLeftSql));
        var live = new NpgsqlBatchCommand(ReadLiveNodesSql);
        live.Parameters.Add(new NpgsqlParameter { Value = liveWindow.TotalSeconds });
        batch.BatchCommands.Add(live);
        // Last: a statement without rows has no result set to skip.
        var touch = new NpgsqlBatchCommand(TouchNodeSql);
        touch.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        touch.Parameters.Add(new NpgsqlParameter { Value = url });
        batch.BatchCommands.Add(touch);
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);

        var owners = new Dictionary<ClusterUnit, UnitOwner>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            if (_units.Parse(reader.GetString(0)) is { } unit)
            {
                owners[unit] = new UnitOwner(reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
            }
        }
        await reader.NextResultAsync().ConfigureAwait(false);
        var held = new HashSet<ClusterUnit>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var objectId = reader.GetInt64(0);
            held.UnionWith(_units.WithLockObjectId(objectId));
        }
        await reader.NextResultAsync().ConfigureAwait(false);
        var left = new HashSet<ClusterUnit>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            if (_units.Parse(reader.GetString(0)) is { } unit)
            {
                left.Add(unit);
            }
        }
        await reader.NextResultAsync().ConfigureAwait(false);
        var nodes = new List<ClusterNodeInfo>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            nodes.Add(new ClusterNodeInfo(reader.GetString(0), reader.GetString(1)));
        }
        while (await reader.NextResultAsync().ConfigureAwait(false))
        {
        }
        if (!nodes.Exists(n => n.NodeId == nodeId))
        {
            nodes.Add(new ClusterNodeInfo(nodeId, url)); // touched after the read: this node is live
        }
        return new ClusterView(owners, held, nodes) { Left = left };
    }

    /// <summary>
    /// Records this node's count of Pub/Sub cells for the cluster unless one is recorded, and returns the recorded one.
    /// A database that holds documents of Pub/Sub as one engine (from before cells, or from a cluster of one cell)
    /// gets no other count: it keeps 1.
    /// </summary>
    public async Task<int> AgreePubSubCellsAsync(int cells)
    {
        // The insert's row is not visible to a read of the table in the same statement: the union gives either.
        await using var command = new NpgsqlCommand("""
            WITH recorded AS (
                INSERT INTO tidings_cluster_settings (name, value)
                SELECT 'pubsub_cells', CASE WHEN EXISTS (SELECT 1 FROM tidings_state
                                                          WHERE kind IN ('pubsub.topic', 'pubsub.subscription', 'pubsub.snapshot'))
                                            THEN '1' ELSE $1 END
                ON CONFLICT (name) DO NOTHING
                RETURNING value)
            SELECT value FROM recorded
            UNION ALL SELECT value FROM tidings_cluster_settings WHERE name = 'pubsub_cells'
            LIMIT 1
            """, _connection);
        command.Parameters.Add(new NpgsqlParameter { Value = cells.ToString(CultureInfo.InvariantCulture) });
        var recorded = await command.ExecuteScalarAsync().ConfigureAwait(false);
        if (recorded is null)
        {
            // Another node's insert was in flight: ours waited for it and did nothing, and the statement's snapshot,
            // taken before that insert committed, does not show its row. A new statement does.
            await using var read = new NpgsqlCommand("SELECT value FROM tidings_cluster_settings WHERE name = 'pubsub_cells'", _connection);
            recorded = await read.ExecuteScalarAsync().ConfigureAwait(false);
        }
        return int.Parse((string)recorded!, CultureInfo.InvariantCulture);
    }

    /// <summary>Tries <paramref name="unit"/>'s lock on this session; true when this session holds it now.</summary>
    public async Task<bool> TryLockAsync(ClusterUnit unit)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({unit.LockKey()})", _connection);
        return (bool)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    /// <summary>
    /// Hands <paramref name="unit"/> back once its engine closed here: marks its owner row handed back
    /// (<see cref="HandedBackPid"/>, which no session has, so the row is no longer followed) and frees the lock. The next owner skips the grace for a
    /// released unit (<see cref="WasReleasedAsync"/>): no engine of it runs anywhere to fence off.
    /// </summary>
    public async Task ReleaseAsync(ClusterUnit unit)
    {
        await using var batch = new NpgsqlBatch(_connection);
        var mark = new NpgsqlBatchCommand($"UPDATE tidings_cluster_owners SET backend_pid = {HandedBackPid} WHERE unit = $1 AND backend_pid = pg_backend_pid()");
        mark.Parameters.Add(new NpgsqlParameter { Value = unit.Name() });
        batch.BatchCommands.Add(mark);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_unlock({unit.LockKey()})"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', '{unit.Name()}')"));
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// At a graceful stop, once every engine of this node closed and its ownership loop ended: marks this session's
    /// owner rows left (<see cref="LeftPid"/>), so the other nodes take its units as soon as they hear it, without the
    /// grace, and frees every lock of the session in the same transaction, so they are free by the time the others
    /// hear it (the notifications go out at its commit; the session itself closes a moment later).
    /// </summary>
    public async Task ReleaseAllAsync()
    {
        await using var batch = new NpgsqlBatch(_connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"WITH left_units AS (UPDATE tidings_cluster_owners SET backend_pid = {LeftPid} WHERE backend_pid = pg_backend_pid() RETURNING unit) " +
            $"SELECT pg_notify('{Channel}', unit) FROM left_units"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_unlock_all()"));
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <paramref name="unit"/>, whose lock this session just won, was given up by its last owner (handed back,
    /// or left at a graceful stop) rather than lost with it. Read after the lock is won, so a release that freed the
    /// lock shows.
    /// </summary>
    public async Task<bool> WasReleasedAsync(ClusterUnit unit)
    {
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM tidings_cluster_owners WHERE unit = $1 AND backend_pid IN ({HandedBackPid}, {LeftPid}))", _connection);
        command.Parameters.Add(new NpgsqlParameter { Value = unit.Name() });
        return (bool)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    /// <summary>Records this node as <paramref name="unit"/>'s owner with the unit's next epoch and notifies; returns the epoch.</summary>
    public async Task<long> RecordOwnershipAsync(ClusterUnit unit, string nodeId, string url)
    {
        await using var batch = new NpgsqlBatch(_connection);
        var record = new NpgsqlBatchCommand("""
            INSERT INTO tidings_cluster_owners (unit, node_id, url, epoch, backend_pid, since)
            VALUES ($1, $2, $3, 1, pg_backend_pid(), now())
            ON CONFLICT (unit) DO UPDATE SET node_id = excluded.node_id, url = excluded.url,
                epoch = tidings_cluster_owners.epoch + 1, backend_pid = excluded.backend_pid, since = excluded.since
            RETURNING epoch
            """);
        record.Parameters.Add(new NpgsqlParameter { Value = unit.Name() });
        record.Parameters.Add(new NpgsqlParameter { Value = nodeId });
        record.Parameters.Add(new NpgsqlParameter { Value = url });
        batch.BatchCommands.Add(record);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', '{unit.Name()}')"));
        var epoch = await batch.ExecuteScalarAsync().ConfigureAwait(false);
        return Convert.ToInt64(epoch, CultureInfo.InvariantCulture);
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

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
