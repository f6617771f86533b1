using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tidings.Storage.Postgres.Messages;

/// <summary>
/// Removes truncated and deleted messages in the background, off the callers' threads, one bounded DELETE at a
/// time so no statement holds locks or bloats the WAL for long. A log's first sequence is recorded before its
/// messages go, so a restart never shows a truncated message again; what a crash leaves behind is found and
/// removed at the next start (<see cref="PostgresMessageStore"/>).
/// </summary>
internal sealed class PostgresMessageTruncator : IDisposable
{
    private const string RecordFirstSql = "UPDATE tidings_message_logs SET first_sequence = greatest(first_sequence, $2) WHERE id = $1";

    // The lowest stored sequence comes from the primary key's index; the range above it is one batch.
    private const string DeleteBatchSql = """
        DELETE FROM tidings_messages
        WHERE log_id = $1 AND sequence < least($2, (SELECT min(sequence) FROM tidings_messages WHERE log_id = $1) + $3)
        """;

    private readonly ConcurrentQueue<(long LogId, PostgresMessageLog? Log)> _queue = new();
    private readonly ConcurrentQueue<TaskCompletionSource> _drains = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _batchMessages;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public PostgresMessageTruncator(NpgsqlDataSource dataSource, int batchMessages, ILogger logger)
    {
        _dataSource = dataSource;
        _batchMessages = batchMessages;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues the removal of <paramref name="log"/>'s messages below its first sequence (read when the work starts).</summary>
    public void EnqueueTruncation(PostgresMessageLog log) => Enqueue(log.LogId, log);

    /// <summary>Queues the removal of every message of a deleted log.</summary>
    public void EnqueuePurge(long logId) => Enqueue(logId, null);

    /// <summary>Stops after the statement in flight; what is left is found again at the next start.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // stopped while waiting
        }
        _stop.Dispose();
    }

    /// <summary>Waits until everything queued so far is done (tests).</summary>
    internal async Task DrainAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _drains.Enqueue(done);
        _signal.Release();
        await done.Task.ConfigureAwait(false);
    }

    private void Enqueue(long logId, PostgresMessageLog? log)
    {
        _queue.Enqueue((logId, log));
        _signal.Release();
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        while (true)
        {
            await _signal.WaitAsync(stop).ConfigureAwait(false);
            while (_queue.TryDequeue(out var work))
            {
                await RemoveAsync(work.LogId, work.Log, stop).ConfigureAwait(false);
            }
            while (_drains.TryDequeue(out var drained))
            {
                drained.TrySetResult();
            }
        }
    }

    private async Task RemoveAsync(long logId, PostgresMessageLog? log, CancellationToken stop)
    {
        long below = long.MaxValue;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
            if (log is not null)
            {
                below = log.FirstSequence;
                await using var record = new NpgsqlCommand(RecordFirstSql, connection);
                record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = logId });
                record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = below });
                await record.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                // Only once recorded (a stop before that records it itself); a truncation that came meanwhile
                // found the log still queued, so it is queued again for it.
                log.ClearTruncateQueued();
                if (log.FirstSequence > below)
                {
                    log.QueueTruncation();
                }
            }
            long removed = 0;
            await using var delete = new NpgsqlCommand(DeleteBatchSql, connection);
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = logId });
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = below });
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _batchMessages });
            await delete.PrepareAsync(stop).ConfigureAwait(false);
            while (await delete.ExecuteNonQueryAsync(stop).ConfigureAwait(false) is var count and > 0)
            {
                removed += count;
            }
            PostgresMessageStoreLog.Truncated(_logger, logId, below, removed);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // A failure of the server or a bug: either way the loop goes on with the other logs, and the log's
            // next truncation queues it again.
            log?.ClearTruncateQueued();
            if (log is null)
            {
                PostgresMessageStoreLog.PurgeFailed(_logger, logId, exception);
            }
            else
            {
                PostgresMessageStoreLog.TruncateFailed(_logger, logId, below, exception);
            }
        }
    }
}
