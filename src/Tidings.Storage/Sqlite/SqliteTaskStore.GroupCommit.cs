using Microsoft.Data.Sqlite;
using Tidings.Storage.Monitoring;

namespace Tidings.Storage.Sqlite;

/// <summary>
/// Group commit: every write is queued and one writer runs what is queued in one transaction, commits once — one
/// fsync for the lot — and only then completes the writes. Dispatching and creating tasks at thousands a second thus
/// costs a commit per batch, not per task, while each write keeps its own outcome: when a write throws (a full disk,
/// say), the batch is rolled back and run again with each write in a savepoint of its own, so the failed one is
/// rolled back to its savepoint and fails alone (if the failure took the transaction with it, the other writes run
/// again in a new one); a commit that fails fails every write of its batch, none of which is stored.
/// </summary>
/// <remarks>
/// Savepoints only on the way back from a failure: a savepoint makes SQLite copy every page a write touches into its
/// sub-journal first, which measured as two thirds of the bytes a task delete wrote (25 KB of 31 KB) and halved the
/// writer's throughput, to guard against failures that come with a full disk and little else.
/// </remarks>
public sealed partial class SqliteTaskStore
{
    /// <summary>
    /// At most this many writes share a transaction. Large, because a commit rewrites every page its writes touched: the
    /// more writes share one, the fewer pages per write (queues under load share their index pages).
    /// </summary>
    private const int MaxWritesPerCommit = 4000;

    /// <summary>
    /// The writer: a thread of its own (<see cref="BatchWriterThread{T}"/>), because a commit blocks in <c>fsync</c>
    /// and a thread-pool thread blocked there made the pool add threads, which then spun for work.
    /// </summary>
    private BatchWriterThread<PendingWrite> _writer = null!;

    private void StartWriter() =>
        _writer = new BatchWriterThread<PendingWrite>("Tidings task store writer", MaxWritesPerCommit, CommitBatch, Finish);

    /// <summary>Queues <paramref name="body"/> for the next batch; completes once its batch is committed.</summary>
    private Task<T> WriteAsync<T>(string action, Func<SqliteTransaction, T> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingWrite<T>(action, body, cancellationToken);
        if (!_writer.TryEnqueue(write))
        {
            throw new ObjectDisposedException(nameof(SqliteTaskStore));
        }
        return write.Result;
    }

    /// <summary>Runs one batch on the writer thread: the writes cancelled while queued drop out, the rest share a commit.</summary>
    private void CommitBatch(List<PendingWrite> batch)
    {
        batch.RemoveAll(static write => write.CancelIfRequested());
        if (batch.Count == 0)
        {
            return;
        }
        _gate.Wait();
        try
        {
            Commit(batch);
            StorageMetrics.TaskGroupCommitWrites.Record(batch.Count);
        }
        catch (Exception exception)
        {
            // Never leave a write waiting: whatever broke the batch fails it.
            FailAll(batch, exception, "Writing a batch of tasks");
        }
        finally
        {
            _gate.Release();
        }
        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    /// <summary>Fails and completes a batch that broke outside <see cref="Commit"/> (the writer's last resort).</summary>
    private static void Finish(List<PendingWrite> batch, Exception exception)
    {
        FailAll(batch, exception, "Writing a batch of tasks");
        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    /// <summary>
    /// Runs the batch in one transaction without savepoints; when a write throws, rolls back and runs it again write
    /// by write (<see cref="CommitIsolated"/>). Each write ends with a result or an error. Holds the gate.
    /// </summary>
    private void Commit(List<PendingWrite> batch)
    {
        SqliteTransaction transaction;
        try
        {
            transaction = _connection.BeginTransaction();
        }
        catch (Exception exception)
        {
            FailAll(batch, exception, "Starting a transaction");
            return;
        }
        using (transaction)
        {
            foreach (var write in batch)
            {
                try
                {
                    write.Run(transaction);
                }
                catch (Exception)
                {
                    // Which write failed, and whether alone, is for the isolated run to find out.
                    RollBack(transaction);
                    CommitIsolated(batch);
                    return;
                }
            }
            try
            {
                transaction.Commit();
            }
            catch (Exception exception)
            {
                FailAll(batch, exception, "Committing a batch of task writes");
            }
        }
    }

    /// <summary>Rolls back, unless SQLite did already (it does on some I/O and full-disk errors).</summary>
    private static void RollBack(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback();
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            // Nothing left to roll back.
        }
    }

    /// <summary>
    /// Runs the batch in one transaction, each write in its own savepoint; each write ends with a result or an error. When a write's failure takes the
    /// whole transaction with it (SQLite rolls back everything on some full-disk and I/O errors), that write fails and
    /// the others run again in a new transaction: their bodies only read and write the database, so running them
    /// again over the same state gives the same outcome. Holds the gate.
    /// </summary>
    private void CommitIsolated(List<PendingWrite> batch)
    {
        var remaining = batch;
        while (remaining.Count > 0)
        {
            SqliteTransaction transaction;
            try
            {
                transaction = _connection.BeginTransaction();
            }
            catch (Exception exception)
            {
                FailAll(remaining, exception, "Starting a transaction");
                return;
            }
            using (transaction)
            {
                var lost = false;
                for (var i = 0; i < remaining.Count && !lost; i++)
                {
                    lost = !Run(remaining[i], transaction);
                }
                if (lost)
                {
                    remaining = remaining.Where(write => !write.FailedAlone).ToList();
                    continue;
                }
                try
                {
                    transaction.Commit();
                }
                catch (Exception exception)
                {
                    FailAll(remaining, exception, "Committing a batch of task writes");
                }
                return;
            }
        }
    }

    /// <summary>Runs one write in its savepoint; false when the failure could not be contained to it.</summary>
    private bool Run(PendingWrite write, SqliteTransaction transaction)
    {
        try
        {
            Execute(transaction, "SAVEPOINT w;");
        }
        catch (Exception exception)
        {
            write.Fail(exception is SqliteException fault && SqliteErrors.IsStorageFault(fault) ? SqliteErrors.ToStorageException(fault, write.Action) : exception);
            return false;
        }
        try
        {
            write.Run(transaction);
            Execute(transaction, "RELEASE w;");
            return true;
        }
        catch (Exception exception)
        {
            write.Fail(exception is SqliteException fault && SqliteErrors.IsStorageFault(fault)
                ? SqliteErrors.ToStorageException(fault, write.Action)
                : exception);
            try
            {
                Execute(transaction, "ROLLBACK TO w;");
                Execute(transaction, "RELEASE w;");
                return true;
            }
            catch (Exception)
            {
                // SQLite rolled the whole transaction back itself (it does on some I/O and full-disk errors).
                return false;
            }
        }
    }

    /// <summary>Fails every write of the batch that had not failed on its own (with <paramref name="action"/>, types the fault).</summary>
    private static void FailAll(List<PendingWrite> batch, Exception exception, string? action)
    {
        var error = action is not null && exception is SqliteException fault && SqliteErrors.IsStorageFault(fault)
            ? SqliteErrors.ToStorageException(fault, action)
            : exception;
        foreach (var write in batch)
        {
            write.FailBatch(error);
        }
    }

    /// <summary>Stops taking writes, lets the queued ones finish, and waits for the writer.</summary>
    private void StopWriter() => _writer.Dispose();

    private abstract class PendingWrite(string action, CancellationToken cancellationToken)
    {
        public string Action { get; } = action;

        protected CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>Why the write failed, if it did; set before <see cref="Complete"/>.</summary>
        public Exception? Error { get; private set; }

        /// <summary>The write failed on its own (not with its batch); it is not run again.</summary>
        public bool FailedAlone { get; private set; }

        /// <summary>Completes a write cancelled before it ran; true when it was.</summary>
        public abstract bool CancelIfRequested();

        public abstract void Run(SqliteTransaction transaction);

        public void Fail(Exception error)
        {
            Error = error;
            FailedAlone = true;
        }

        /// <summary>The batch failed: a write that had not failed on its own fails with the batch's error.</summary>
        public void FailBatch(Exception error)
        {
            if (!FailedAlone)
            {
                Error = error;
            }
        }

        public abstract void Complete();
    }

    private sealed class PendingWrite<T>(string action, Func<SqliteTransaction, T> body, CancellationToken cancellationToken)
        : PendingWrite(action, cancellationToken)
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _value = default!;

        public Task<T> Result => _completion.Task;

        public override bool CancelIfRequested() => CancellationToken.IsCancellationRequested && _completion.TrySetCanceled(CancellationToken);

        public override void Run(SqliteTransaction transaction) => _value = body(transaction);

        public override void Complete()
        {
            if (Error is { } error)
            {
                _completion.TrySetException(error);
            }
            else
            {
                _completion.TrySetResult(_value);
            }
        }
    }
}
