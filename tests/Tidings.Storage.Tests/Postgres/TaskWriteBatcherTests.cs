using System.Diagnostics.Metrics;
using Npgsql;
using Tidings.Storage.Messages;
using Tidings.Storage.Monitoring;
using Tidings.Storage.Postgres.Tasks;

namespace Tidings.Storage.Tests.Postgres;

/// <summary>
/// The batcher on its own, with statements faked: what queues while a statement runs goes in the next one, a task
/// twice waits for the batch after, a batch holds at most so many writes and bytes, a write cancelled while queued
/// never runs, and a failed batch fails each write as a statement of its own would.
/// </summary>
public sealed class TaskWriteBatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly List<string[]> _batches = [];
    private readonly List<string> _alone = [];
    private TaskCompletionSource _gate = CompletedGate();

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    /// <summary>Writes are "queue/id[:bytes]" strings; a statement answers each with "done id" after the gate opens.</summary>
    private TaskWriteBatcher<string, string> Batcher(Func<IReadOnlyList<string>, Exception?>? failBatch = null, Func<string, Exception?>? failAlone = null,
        int maxWrites = 100, long maxBytes = 1000) =>
        new(async writes =>
            {
                lock (_batches)
                {
                    _batches.Add([.. writes]);
                }
                await _gate.Task;
                if (failBatch?.Invoke(writes) is { } error)
                {
                    throw error;
                }
                return writes.Select(write => "done " + write).ToArray();
            },
            async write =>
            {
                lock (_alone)
                {
                    _alone.Add(write);
                }
                await _gate.Task;
                if (failAlone?.Invoke(write) is { } error)
                {
                    throw error;
                }
                return "alone " + write;
            },
            write => new TaskKey(write.Split('/')[0], write.Split('/')[1].Split(':')[0]),
            write => write.Contains(':') ? long.Parse(write.Split(':')[1]) : 1,
            maxWrites, maxBytes);

    /// <summary>Holds statements until <see cref="Release"/>, so writes queue behind the one running.</summary>
    private void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Release() => _gate.SetResult();

    /// <summary>Holds statements and starts one write, "q/first", which runs alone; what is written next queues behind it.</summary>
    private async Task<Task<string>> FirstWriteHeldAsync(TaskWriteBatcher<string, string> batcher)
    {
        Hold();
        var first = batcher.WriteAsync("q/first", CancellationToken.None);
        await UntilAsync(() => StatementsStarted() == 1);
        return first;
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5);
        }
    }

    private int StatementsStarted()
    {
        lock (_batches)
        {
            lock (_alone)
            {
                return _batches.Count + _alone.Count;
            }
        }
    }

    [Fact]
    public async Task Burst_WhileAStatementRuns_QueuedWritesShareTheNext()
    {
        // The statements' sizes are the task store's group-commit sizes (other tests may record at the same time).
        var recorded = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == "tidings.storage.tasks.group_commit.size")
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => recorded.Add(value));
        listener.Start();
        var batcher = Batcher();
        var first = await FirstWriteHeldAsync(batcher);
        var rest = Enumerable.Range(0, 5).Select(i => batcher.WriteAsync($"q/t{i}", CancellationToken.None)).ToArray();

        Release();

        Assert.Equal("alone q/first", await first.WaitAsync(Timeout));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"done q/t{i}"), await Task.WhenAll(rest).WaitAsync(Timeout));
        Assert.Equal(["q/t0", "q/t1", "q/t2", "q/t3", "q/t4"], Assert.Single(_batches));
        Assert.Contains(5L, recorded);
        Assert.Contains(1L, recorded);
        await batcher.CompleteAsync();
    }

    [Fact]
    public async Task SameTaskTwice_SecondWaitsForTheNextBatchOtherQueueDoesNot()
    {
        var batcher = Batcher();
        var first = await FirstWriteHeldAsync(batcher);
        var writes = new[] { "q/a", "q/b", "other/a", "q/a", "q/c" }.Select(write => batcher.WriteAsync(write, CancellationToken.None)).ToArray();

        Release();
        await Task.WhenAll(writes.Append(first)).WaitAsync(Timeout);

        Assert.Equal(["q/a", "q/b", "other/a", "q/c"], Assert.Single(_batches));
        Assert.Equal(["q/first", "q/a"], _alone);
        await batcher.CompleteAsync();
    }

    [Fact]
    public async Task ManyQueued_SplitByCountAndBytes()
    {
        var batcher = Batcher(maxWrites: 3, maxBytes: 100);
        var first = await FirstWriteHeldAsync(batcher);
        var writes = new[] { "q/a", "q/b", "q/c", "q/d", "q/big:150", "q/e:60", "q/f:60" }
            .Select(write => batcher.WriteAsync(write, CancellationToken.None)).ToArray();

        Release();
        await Task.WhenAll(writes.Append(first)).WaitAsync(Timeout);

        // Three a statement; a statement past 100 bytes takes no more, but always takes one.
        Assert.Equal([["q/a", "q/b", "q/c"], ["q/d", "q/big:150"], ["q/e:60", "q/f:60"]], _batches);
        await batcher.CompleteAsync();
    }

    [Fact]
    public async Task CancelledWhileQueued_NeverRuns()
    {
        var batcher = Batcher();
        var first = await FirstWriteHeldAsync(batcher);
        using var cancellation = new CancellationTokenSource();
        var cancelled = batcher.WriteAsync("q/cancelled", cancellation.Token);
        var kept = new[] { batcher.WriteAsync("q/a", CancellationToken.None), batcher.WriteAsync("q/b", CancellationToken.None) };

        await cancellation.CancelAsync();
        Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        await Task.WhenAll(kept.Append(first)).WaitAsync(Timeout);
        Assert.Equal(["q/a", "q/b"], Assert.Single(_batches));
        await batcher.CompleteAsync();
    }

    [Fact]
    public async Task BatchRefusedByPostgres_EachRunsAloneAndOnlyTheFaultyOneFails()
    {
        var refused = new StorageFullException("full", new PostgresException("no space", "ERROR", "ERROR", PostgresErrorCodes.DiskFull));
        var batcher = Batcher(failBatch: _ => refused, failAlone: write => write == "q/full" ? refused : null);
        var first = await FirstWriteHeldAsync(batcher);
        var writes = new[] { "q/a", "q/full", "q/b" }.Select(write => batcher.WriteAsync(write, CancellationToken.None)).ToArray();

        Release();
        await first.WaitAsync(Timeout);

        Assert.Equal("alone q/a", await writes[0].WaitAsync(Timeout));
        Assert.Same(refused, await Assert.ThrowsAsync<StorageFullException>(() => writes[1].WaitAsync(Timeout)));
        Assert.Equal("alone q/b", await writes[2].WaitAsync(Timeout));
        Assert.Equal(["q/a", "q/b", "q/first", "q/full"], _alone.Order(StringComparer.Ordinal));
        await batcher.CompleteAsync();
    }

    [Fact]
    public async Task BatchLostWithItsConnection_EveryWriteFailsNoneRunsAgain()
    {
        var lost = new StorageFailedException("connection reset", new NpgsqlException("reset"));
        var batcher = Batcher(failBatch: _ => lost);
        var first = await FirstWriteHeldAsync(batcher);
        var writes = new[] { "q/a", "q/b" }.Select(write => batcher.WriteAsync(write, CancellationToken.None)).ToArray();

        Release();
        await first.WaitAsync(Timeout);

        foreach (var write in writes)
        {
            Assert.Same(lost, await Assert.ThrowsAsync<StorageFailedException>(() => write.WaitAsync(Timeout)));
        }
        Assert.Equal(["q/first"], _alone); // whether the batch committed is unknown: running it again could apply it twice
        await batcher.CompleteAsync();
    }

    [Fact]
    public async Task Completed_QueuedWritesStillRunLaterOnesRefused()
    {
        var batcher = Batcher();
        Hold();
        var writes = new[] { "q/a", "q/b", "q/c" }.Select(write => batcher.WriteAsync(write, CancellationToken.None)).ToArray();

        var completed = batcher.CompleteAsync();
        Assert.Throws<ObjectDisposedException>(() => { _ = batcher.WriteAsync("q/late", CancellationToken.None); });
        Release();
        await completed.WaitAsync(Timeout);

        Assert.All(writes, write => Assert.True(write.IsCompletedSuccessfully));
    }
}
