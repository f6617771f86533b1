using System.Collections.Concurrent;
using Tidings.Storage.Sqlite;

namespace Tidings.Storage.Tests.Sqlite;

/// <summary>
/// The task store's writer thread: items run in the order they were queued, in batches of at most the maximum, on a
/// thread of its own; a batch that throws fails its own items and no others; disposing runs what is queued first.
/// </summary>
public sealed class BatchWriterThreadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Items_RunInQueueOrder_InBatchesOfAtMostTheMaximum_OffThePool()
    {
        var seen = new List<int>();
        var batchSizes = new List<int>();
        var onPool = false;
        using (var writer = new BatchWriterThread<int>("test writer", 64, batch =>
               {
                   onPool |= Thread.CurrentThread.IsThreadPoolThread;
                   batchSizes.Add(batch.Count);
                   seen.AddRange(batch);
               }, (_, exception) => throw new InvalidOperationException("no batch should fail", exception)))
        {
            for (var i = 0; i < 10_000; i++)
            {
                Assert.True(writer.TryEnqueue(i));
            }
        }

        Assert.Equal(Enumerable.Range(0, 10_000), seen);
        Assert.All(batchSizes, size => Assert.InRange(size, 1, 64));
        Assert.False(onPool);
    }

    [Fact]
    public void BatchThatThrows_FailsItsOwnItemsOnly_AndTheWriterGoesOn()
    {
        using var firstRunning = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var ran = new List<string>();
        var failed = new ConcurrentQueue<(string Item, Exception Error)>();
        var boom = new InvalidOperationException("disk on fire");
        var writer = new BatchWriterThread<string>("test writer", 100, batch =>
        {
            if (batch.Contains("first"))
            {
                firstRunning.Set();
                Assert.True(releaseFirst.Wait(Patience));
            }
            if (batch.Contains("poison"))
            {
                throw boom;
            }
            ran.AddRange(batch);
        }, (batch, exception) =>
        {
            foreach (var item in batch)
            {
                failed.Enqueue((item, exception));
            }
        });

        // The first batch holds the writer, so the next three items are queued together and form the second batch.
        writer.TryEnqueue("first");
        Assert.True(firstRunning.Wait(Patience));
        writer.TryEnqueue("a");
        writer.TryEnqueue("poison");
        writer.TryEnqueue("b");
        releaseFirst.Set();
        Assert.True(SpinWait.SpinUntil(() => failed.Count == 3, Patience));
        writer.TryEnqueue("after");
        writer.Dispose();

        Assert.Equal(["first", "after"], ran);
        Assert.Equal(["a", "poison", "b"], failed.Select(entry => entry.Item));
        Assert.All(failed, entry => Assert.Same(boom, entry.Error));
    }

    [Fact]
    public async Task Dispose_RunsEverythingQueued_ThenRefusesNewItems()
    {
        using var firstRunning = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var ran = 0;
        var writer = new BatchWriterThread<int>("test writer", 10, batch =>
        {
            if (batch.Contains(-1))
            {
                firstRunning.Set();
                Assert.True(releaseFirst.Wait(Patience));
            }
            ran += batch.Count;
        }, (_, exception) => throw new InvalidOperationException("no batch should fail", exception));
        writer.TryEnqueue(-1);
        Assert.True(firstRunning.Wait(Patience));
        for (var i = 0; i < 95; i++)
        {
            writer.TryEnqueue(i);
        }

        // Dispose waits for the writer, which is held in the first batch: release it once Dispose has begun.
        var disposing = Task.Run(writer.Dispose);
        // Until it has, probes are queued like any item: they count among what must run.
        var probes = 0;
        Assert.True(SpinWait.SpinUntil(() =>
        {
            if (writer.TryEnqueue(1000))
            {
                probes++;
                return false;
            }
            return true;
        }, Patience));
        releaseFirst.Set();
        await disposing.WaitAsync(Patience);

        Assert.Equal(96 + probes, ran);
        Assert.False(writer.TryEnqueue(1001));
    }
}
