using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tidings.Storage.Messages;
using Tidings.Storage.Monitoring;

namespace Tidings.Storage.Postgres.Messages;

/// <summary>
/// The message store on PostgreSQL (tables <c>tidings_message_logs</c> and <c>tidings_messages</c>, migration
/// 0003): appends are group-committed by writer loops, each for its share of the logs, so each completes once its
/// transaction committed (durable with PostgreSQL's <c>synchronous_commit</c>); reads come from an in-memory cache
/// of recent appends and read-ahead ranges, or from one range query; truncation and deleted logs are removed in the
/// background. The schema must be migrated first (<see cref="PostgresSchema.Migrate"/>).
/// <para>
/// One writer per cell (<see cref="PostgresMessageStoreOptions.Cell"/>, migration 0007): the node that owns that
/// Pub/Sub cell's engine. Stores of different cells share the database but not a log: each loads, lists, finds,
/// creates and deletes only its cell's logs. Each log's next sequence is kept in memory and every commit is fenced on
/// it, so a store whose log another store wrote to since fails that batch (<see cref="StorageFailedException"/>)
/// without writing any of it, and the log refuses appends until the store is opened again. Opening reads the state
/// of every log of its cell, so a cell's new owner sees every committed message.
/// </para>
/// <para>
/// The cache is the store's own, or one several stores of the process share so they keep to one budget together
/// (<see cref="PostgresMessageCache"/>).
/// </para>
/// Thread-safe. Dispose lets the commit in flight finish, fails the appends still queued and stops the loops.
/// </summary>
public sealed class PostgresMessageStore : IMessageStore, IDisposable
{
    private readonly ConcurrentDictionary<long, PostgresMessageLog> _logs = new();
    private readonly ILogger _logger;
    private readonly bool _sharesCache;
    private int _disposed;

    /// <summary>Opens the store of <paramref name="options"/>' cell with a cache of its own (<see cref="PostgresMessageStoreOptions.CacheBytes"/>).</summary>
    public PostgresMessageStore(NpgsqlDataSource dataSource, PostgresMessageStoreOptions? options, ILogger<PostgresMessageStore>? logger)
        : this(dataSource, options, logger, sharedCache: null)
    {
    }

    /// <summary>
    /// Opens the store of <paramref name="options"/>' cell on <paramref name="cache"/>, which other stores of the
    /// process (the other cells') may share: together they keep to its budget, and
    /// <see cref="PostgresMessageStoreOptions.CacheBytes"/> is not used. Disposing the store forgets its entries.
    /// </summary>
    public PostgresMessageStore(NpgsqlDataSource dataSource, PostgresMessageStoreOptions? options, PostgresMessageCache cache, ILogger<PostgresMessageStore>? logger)
        : this(dataSource, options, logger, cache ?? throw new ArgumentNullException(nameof(cache)))
    {
    }

    private PostgresMessageStore(NpgsqlDataSource dataSource, PostgresMessageStoreOptions? options, ILogger? logger, PostgresMessageCache? sharedCache)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        Options = options ?? new PostgresMessageStoreOptions();
        Options.Validate();
        DataSource = dataSource;
        _logger = logger ?? NullLogger.Instance;
        _sharesCache = sharedCache is not null;
        Cache = sharedCache ?? new PostgresMessageCache(Options.CacheBytes);

        var started = Stopwatch.GetTimestamp();
        var (messages, orphans) = Open();
        Writers = [.. Enumerable.Range(0, Options.Writers).Select(_ => new PostgresMessageWriter(dataSource, Options.MaxCommitBytes, _logger))];
        Truncator = new PostgresMessageTruncator(dataSource, Options.DeleteBatchMessages, _logger);
        // Leftovers of a crash or of a previous store's unfinished background work.
        foreach (var log in _logs.Values.Where(log => log.FirstSequence > 1))
        {
            log.QueueTruncation();
        }
        foreach (var logId in orphans)
        {
            Truncator.EnqueuePurge(logId);
        }
        PostgresMessageStoreLog.Opened(_logger, Options.Cell, _logs.Count, messages, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Reads served from the cache and from the database, for the cache hit ratio.</summary>
    public CacheCounters CacheReads { get; } = new();

    /// <summary>Bytes the cache holds now (an upper bound); a shared cache's, so every sharing store's.</summary>
    public long CachedBytes => Cache.Bytes;

    internal PostgresMessageStoreOptions Options { get; }

    internal NpgsqlDataSource DataSource { get; }

    internal PostgresMessageCache Cache { get; }

    internal PostgresMessageWriter[] Writers { get; }

    /// <summary>The writer loop that commits every append of log <paramref name="logId"/>.</summary>
    internal PostgresMessageWriter WriterFor(long logId) => Writers[(int)((ulong)logId % (ulong)Writers.Length)];

    internal PostgresMessageTruncator Truncator { get; }

    /// <summary>A new log of the store's cell under the next value of the id sequence; its row is committed on return.</summary>
    public IMessageLog CreateLog()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var logId = Run("Creating a message log", connection =>
        {
            using var command = new NpgsqlCommand("INSERT INTO tidings_message_logs (cell) VALUES ($1) RETURNING id", connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Options.Cell });
            return (long)command.ExecuteScalar()!;
        });
        var log = new PostgresMessageLog(this, logId, next: 1, first: 1);
        _logs[logId] = log;
        return log;
    }

    /// <summary>The log of the store's cell with that id; null for another cell's.</summary>
    public IMessageLog? FindLog(long logId) => _logs.GetValueOrDefault(logId);

    /// <summary>
    /// Deletes the log's row (committed on return; appends still queued for it fail) and removes its messages in
    /// the background. Another cell's log is not the store's to delete: nothing happens, as for an unknown id.
    /// </summary>
    public void DeleteLog(long logId)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_logs.TryGetValue(logId, out var log))
        {
            return;
        }
        Run($"Deleting message log {logId}", connection =>
        {
            using var command = new NpgsqlCommand("DELETE FROM tidings_message_logs WHERE id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = logId });
            return command.ExecuteNonQuery();
        });
        _logs.TryRemove(logId, out _);
        log.Release(new StorageFailedException($"Log {logId} was deleted."));
        Truncator.EnqueuePurge(logId);
    }

    /// <summary>The ids of the store's cell's logs.</summary>
    public IReadOnlyCollection<long> ListLogIds() => [.. _logs.Keys];

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        foreach (var writer in Writers)
        {
            writer.Dispose();
        }
        Truncator.Dispose();
        RecordPendingTruncations();
        foreach (var log in _logs.Values)
        {
            log.Release(new ObjectDisposedException(nameof(PostgresMessageStore)));
        }
        if (_sharesCache)
        {
            // The other stores go on with the cache. A read that admitted its window just before its log was
            // released may leave one entry behind, counted until evicted as a deleted log's are.
            Cache.Forget(this);
        }
    }

    /// <summary>
    /// Records the first sequence of the logs whose truncation the truncator had not reached, in one statement,
    /// so a graceful stop keeps them; their rows are removed at the next start. Best effort: after a failure the
    /// next store sees those logs from an older first sequence, as after a crash.
    /// </summary>
    private void RecordPendingTruncations()
    {
        var pending = _logs.Values.Where(log => log.IsTruncationQueued).ToList();
        if (pending.Count == 0)
        {
            return;
        }
        try
        {
            Run("Recording truncations", connection =>
            {
                using var command = new NpgsqlCommand("""
                    UPDATE tidings_message_logs AS l SET first_sequence = greatest(l.first_sequence, f.first)
                    FROM unnest($1::bigint[], $2::bigint[]) AS f(id, first) WHERE l.id = f.id
                    """, connection);
                command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. pending.Select(log => log.LogId)] });
                command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. pending.Select(log => log.FirstSequence)] });
                return command.ExecuteNonQuery();
            });
        }
        catch (IOException exception)
        {
            PostgresMessageStoreLog.TruncationsNotRecorded(_logger, pending.Count, exception);
        }
    }

    /// <summary>
    /// Loads every log of the store's cell; returns the messages they hold and the ids of deleted logs, of any cell,
    /// whose messages remain.
    /// </summary>
    private (long Messages, List<long> Orphans) Open() => Run("Opening the message store", connection =>
    {
        long messages = 0;
        using (var command = new NpgsqlCommand("SELECT id, next_sequence, first_sequence FROM tidings_message_logs WHERE cell = $1", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Options.Cell });
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var (logId, next, first) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
                _logs[logId] = new PostgresMessageLog(this, logId, next, first);
                messages += next - first;
            }
        }
        // Orphans are looked for in every cell, as no cell owns a deleted log. Never another cell's live log: its row
        // was committed before any of its messages (a commit writes rows only for the logs it moved) and this is one
        // statement, one snapshot; and a deleted log's id is never handed out again. Stores of several cells opening
        // together purge the same orphans at once, which is harmless: a DELETE waits for the rows another is
        // deleting and then skips them, the purge that finds nothing left stops, and should two ever deadlock (plans
        // locking in different orders), PostgreSQL fails one of them, whose rows the other removes, or the next start.
        // The distinct log ids of the messages by skipping through the primary key's index, one probe per log.
        const string orphansSql = """
            WITH RECURSIVE ids AS (
                (SELECT log_id FROM tidings_messages ORDER BY log_id LIMIT 1)
                UNION ALL
                SELECT (SELECT m.log_id FROM tidings_messages AS m WHERE m.log_id > ids.log_id ORDER BY m.log_id LIMIT 1)
                FROM ids WHERE ids.log_id IS NOT NULL)
            SELECT log_id FROM ids
            WHERE log_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tidings_message_logs AS l WHERE l.id = ids.log_id)
            """;
        var orphans = new List<long>();
        using (var command = new NpgsqlCommand(orphansSql, connection))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                orphans.Add(reader.GetInt64(0));
            }
        }
        return (messages, orphans);
    });

    private T Run<T>(string action, Func<NpgsqlConnection, T> work)
    {
        try
        {
            using var connection = DataSource.OpenConnection();
            return work(connection);
        }
        catch (Exception exception) when (PostgresErrors.IsStorageFault(exception))
        {
            throw PostgresErrors.ToStorageException(exception, action);
        }
    }
}
