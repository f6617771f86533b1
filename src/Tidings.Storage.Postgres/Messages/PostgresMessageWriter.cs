using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Postgres.Messages;

/// <summary>
/// One of the store's writer loops (group commit; a log always goes to the same one,
/// <see cref="PostgresMessageStore.WriterFor"/>). Appends of its logs queue here; the loop takes what is queued (up
/// to <see cref="PostgresMessageStoreOptions.MaxCommitBytes"/>) and writes it with one statement, so one commit (one
/// WAL flush) answers them all; while it waits for PostgreSQL, new appends queue for the next one.
/// The loop numbers the messages from each log's committed next sequence and fences each log on it
/// (<see cref="CommitSql"/>): a log whose row another writer moved gets nothing written and refuses appends.
/// </summary>
internal sealed class PostgresMessageWriter : IDisposable
{
    // One round trip, one implicit transaction: the UPDATE moves each log's next sequence only where it still is
    // what this writer expects, and the INSERT writes only the rows of the logs it moved, so a fenced log leaves
    // nothing behind while the others of the batch commit. The final SELECT says which logs were moved.
    private const string CommitSql = """
        WITH fenced AS (
            UPDATE tidings_message_logs AS l SET next_sequence = f.next, writer = $10
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS f(id, expected, next)
            WHERE l.id = f.id AND l.next_sequence = f.expected
            RETURNING l.id),
        written AS (
            INSERT INTO tidings_messages (log_id, sequence, publish_time, ordering_key, attributes, data)
            SELECT m.log_id, m.sequence, m.publish_time, m.ordering_key, m.attributes, m.data
            FROM unnest($4::bigint[], $5::bigint[], $6::bigint[], $7::bytea[], $8::bytea[], $9::bytea[])
                AS m(log_id, sequence, publish_time, ordering_key, attributes, data)
            WHERE m.log_id IN (SELECT id FROM fenced))
        SELECT id FROM fenced
        """;

    private const string ConfirmSql = "SELECT id, next_sequence, writer FROM tidings_message_logs WHERE id = ANY($1)";

    private readonly ConcurrentQueue<PendingAppend> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly NpgsqlDataSource _dataSource;
    private readonly long _maxCommitBytes;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private int _signaled;
    private volatile bool _stopping;
    private int _stopped;

    public PostgresMessageWriter(NpgsqlDataSource dataSource, long maxCommitBytes, ILogger logger)
    {
        _dataSource = dataSource;
        _maxCommitBytes = maxCommitBytes;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>This writer's mark on the log rows it moves (a new one per store).</summary>
    internal Guid WriterId { get; } = Guid.NewGuid();

    /// <summary>Queues an append for the next commit; once the writer stopped, fails it. Any thread.</summary>
    public void Enqueue(PendingAppend append)
    {
        _queue.Enqueue(append);
        if (Volatile.Read(ref _stopped) != 0)
        {
            FailQueued(); // queued after the loop's last look: nobody else will
            return;
        }
        if (Interlocked.Exchange(ref _signaled, 1) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Lets the commit in flight finish, fails the appends still queued, and stops the loop.</summary>
    public void Dispose()
    {
        _stopping = true;
        _signal.Release();
        _loop.GetAwaiter().GetResult();
    }

    private async Task RunAsync()
    {
        try
        {
            while (!_stopping)
            {
                await _signal.WaitAsync().ConfigureAwait(false);
                // Reset before draining: an append queued after this is either seen by the drain or signals again.
                Interlocked.Exchange(ref _signaled, 0);
                while (!_stopping && TakeBatch() is { } batch)
                {
                    await CommitAsync(batch).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // A full fence, as the enqueue's on the other side: either this drain sees a late append, or its
            // producer sees the loop stopped and fails it itself.
            Interlocked.Exchange(ref _stopped, 1);
            FailQueued();
        }
    }

    private List<PendingAppend>? TakeBatch()
    {
        List<PendingAppend>? batch = null;
        long bytes = 0;
        // Single consumer: what TryPeek saw is what TryDequeue takes.
        while (_queue.TryPeek(out var next) && (batch is null || bytes + next.DataBytes <= _maxCommitBytes))
        {
            _queue.TryDequeue(out _);
            (batch ??= []).Add(next);
            bytes += next.DataBytes;
        }
        return batch;
    }

    private void FailQueued()
    {
        while (_queue.TryDequeue(out var append))
        {
            append.Fail(new StorageFailedException($"The message store is closing; the append to log {append.Log.LogId} was not written."));
        }
    }

    private async Task CommitAsync(List<PendingAppend> batch)
    {
        if (batch.Exists(append => append.Log.UnconfirmedEnd != 0))
        {
            batch = await ConfirmAsync(batch).ConfigureAwait(false);
        }
        var rows = new CommitRows();
        var groups = new Dictionary<PostgresMessageLog, LogGroup>();
        var appendCount = 0;
        foreach (var append in batch)
        {
            if (append.Log.Refusal is { } refusal)
            {
                append.Fail(refusal is ObjectDisposedException ? new ObjectDisposedException(nameof(PostgresMessageStore)) : refusal);
                continue;
            }
            if (!groups.TryGetValue(append.Log, out var group))
            {
                group = new LogGroup(append.Log.NextSequence);
                groups.Add(append.Log, group);
            }
            rows.Add(append, group.Expected + group.Count);
            group.Appends.Add(append);
            group.Count += append.Messages.Count;
            appendCount++;
        }
        if (groups.Count == 0)
        {
            return;
        }

        HashSet<long> moved;
        try
        {
            moved = await ExecuteAsync(groups, rows).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The statement is one transaction: nothing of the batch was written or, if the connection broke
            // during the commit, possibly all of it; each log's next batch first finds out which (ConfirmAsync).
            var error = PostgresErrors.IsStorageFault(exception)
                ? PostgresErrors.ToStorageException(exception, "Appending to the message logs")
                : new StorageFailedException($"Appending to the message logs failed ({exception.Message})", exception);
            PostgresMessageStoreLog.CommitFailed(_logger, appendCount, rows.Count, exception);
            foreach (var (log, group) in groups)
            {
                log.UnconfirmedEnd = group.Expected + group.Count;
                foreach (var append in group.Appends)
                {
                    append.Fail(error);
                }
            }
            return;
        }

        foreach (var (log, group) in groups)
        {
            if (moved.Contains(log.LogId))
            {
                log.Committed(group.Appends, group.Count);
                continue;
            }
            // A refusal already set means DeleteLog removed the row under us, not that another writer moved it.
            var error = log.Refusal;
            if (error is null)
            {
                PostgresMessageStoreLog.Fenced(_logger, log.LogId, group.Expected);
                error = log.Fence(group.Expected);
            }
            foreach (var append in group.Appends)
            {
                append.Fail(error);
            }
        }
    }

    /// <summary>
    /// For the logs of <paramref name="batch"/> whose last commit failed without a clear answer, reads their rows:
    /// where this writer's failed commit did land (the row moved to its end, marked by this writer), the log takes
    /// those messages as committed (their appends were answered with an error, so a client retry duplicates them:
    /// at least once); otherwise nothing landed, or another writer moved the row and the fence refuses the batch.
    /// Returns the batch without the appends that failed because the rows could not be read.
    /// </summary>
    private async Task<List<PendingAppend>> ConfirmAsync(List<PendingAppend> batch)
    {
        var logs = batch.Select(append => append.Log).Where(log => log.UnconfirmedEnd != 0).Distinct().ToList();
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand(ConfirmSql, connection);
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. logs.Select(log => log.LogId)] });
            var rows = new Dictionary<long, (long Next, Guid? Writer)>();
            await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    rows[reader.GetInt64(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetGuid(2));
                }
            }
            foreach (var log in logs)
            {
                if (rows.TryGetValue(log.LogId, out var row) && row.Next == log.UnconfirmedEnd && row.Writer == WriterId)
                {
                    PostgresMessageStoreLog.CommitLanded(_logger, log.LogId, log.NextSequence, row.Next);
                    log.AdoptCommitted(row.Next);
                }
                log.UnconfirmedEnd = 0;
            }
            return batch;
        }
        catch (Exception exception)
        {
            var error = PostgresErrors.IsStorageFault(exception)
                ? PostgresErrors.ToStorageException(exception, "Appending to the message logs")
                : new StorageFailedException($"Appending to the message logs failed ({exception.Message})", exception);
            PostgresMessageStoreLog.CommitFailed(_logger, batch.Count, batch.Sum(append => append.Messages.Count), exception);
            foreach (var append in batch.Where(append => append.Log.UnconfirmedEnd != 0))
            {
                append.Fail(error);
            }
            return batch.FindAll(append => append.Log.UnconfirmedEnd == 0);
        }
    }

    private async Task<HashSet<long>> ExecuteAsync(Dictionary<PostgresMessageLog, LogGroup> groups, CommitRows rows)
    {
        var ids = new long[groups.Count];
        var expected = new long[groups.Count];
        var next = new long[groups.Count];
        var i = 0;
        foreach (var (log, group) in groups)
        {
            ids[i] = log.LogId;
            expected[i] = group.Expected;
            next[i] = group.Expected + group.Count;
            i++;
        }

        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(CommitSql, connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = expected });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = next });
        rows.AddParameters(command.Parameters);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = WriterId });
        await command.PrepareAsync().ConfigureAwait(false);
        var moved = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            moved.Add(reader.GetInt64(0));
        }
        return moved;
    }

    /// <summary>The appends of one log in a batch, numbered from the log's committed next sequence.</summary>
    private sealed class LogGroup(long expected)
    {
        public long Expected { get; } = expected;

        public int Count { get; set; }

        public List<PendingAppend> Appends { get; } = [];
    }
}
