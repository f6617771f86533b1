using Tidings.Storage.Messages;
using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Compliance;

/// <summary>
/// What every <see cref="IMessageStore"/> must do, run against each implementation by a subclass.
/// </summary>
public abstract class MessageStoreCompliance : IDisposable
{
    private IMessageStore? _store;

    protected IMessageStore Store => _store ??= CreateStore();

    protected abstract IMessageStore CreateStore();

    public virtual void Dispose()
    {
        (_store as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void CreateLog_New_StartsEmptyAtSequenceOne()
    {
        var log = Store.CreateLog();

        Assert.Equal(1, log.NextSequence);
        Assert.Equal(1, log.FirstSequence);
        Assert.False(log.TryRead(1, out _));
    }

    [Fact]
    public void CreateLog_Twice_GivesDistinctIdsAndFindableLogs()
    {
        var first = Store.CreateLog();
        var second = Store.CreateLog();

        Assert.NotEqual(first.LogId, second.LogId);
        Assert.Same(first, Store.FindLog(first.LogId));
        Assert.Same(second, Store.FindLog(second.LogId));
        Assert.Null(Store.FindLog(second.LogId + 1000));
    }

    [Fact]
    public async Task AppendAsync_Batch_ReturnsFirstSequenceAndAdvancesNext()
    {
        var log = Store.CreateLog();

        var first = await log.AppendAsync(TestMessages.Batch("a", 3), CancellationToken.None);
        var second = await log.AppendAsync(TestMessages.Batch("b", 2), CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(4, second);
        Assert.Equal(6, log.NextSequence);
        TestMessages.AssertText(log, 1, "a-0");
        TestMessages.AssertText(log, 3, "a-2");
        TestMessages.AssertText(log, 5, "b-1");
    }

    [Fact]
    public async Task AppendAsync_Empty_ReturnsNextSequenceAndAppendsNothing()
    {
        var log = Store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 2), CancellationToken.None);

        var first = await log.AppendAsync([], CancellationToken.None);

        Assert.Equal(3, first);
        Assert.Equal(3, log.NextSequence);
    }

    [Fact]
    public async Task TryRead_EveryField_RoundTrips()
    {
        var log = Store.CreateLog();
        var message = TestMessages.Create("héllo wörld ✓", 300, "key-ü", ("k1", "v1"), ("ключ", "значение"), ("empty", ""));
        var bare = new StoredMessage(ReadOnlyMemory<byte>.Empty, [], "", 0);

        await log.AppendAsync([message, bare], CancellationToken.None);

        Assert.True(log.TryRead(1, out var read));
        TestMessages.AssertSame(message, read);
        Assert.True(log.TryRead(2, out var readBare));
        TestMessages.AssertSame(bare, readBare);
    }

    [Fact]
    public async Task TryRead_LargeMessage_RoundTrips()
    {
        var log = Store.CreateLog();
        var data = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(data);
        var message = new StoredMessage(data, [new("a", new string('x', 1024))], "", 42);

        await log.AppendAsync([message], CancellationToken.None);

        Assert.True(log.TryRead(1, out var read));
        TestMessages.AssertSame(message, read);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(long.MaxValue)]
    public async Task TryRead_OutsideTheLog_ReturnsFalse(long sequence)
    {
        var log = Store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 2), CancellationToken.None);

        Assert.False(log.TryRead(sequence, out _));
    }

    [Fact]
    public async Task TryReadMany_MixedSequences_MatchTryReadOneByOne()
    {
        var log = Store.CreateLog();
        for (var i = 0; i < 6; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"m{i}", 5, dataBytes: 100), CancellationToken.None);
        }
        log.TruncateBefore(4);
        long[] sequences = [0, 1, 3, 4, 5, 6, 7, 12, 11, 11, 29, 30, 31, 40, -1];
        var into = new StoredMessage?[sequences.Length];

        log.TryReadMany(sequences, into);

        TestMessages.AssertAsTryRead(log, sequences, into);
        Assert.Equal("m0-3", TestMessages.Text(into[3]!));
        Assert.Equal("m5-4", TestMessages.Text(into[11]!));
        Assert.Null(into[12]);
    }

    [Fact]
    public async Task TruncateBefore_DropsLowerMessagesOnly()
    {
        var log = Store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 10), CancellationToken.None);

        log.TruncateBefore(4);

        Assert.Equal(4, log.FirstSequence);
        Assert.Equal(11, log.NextSequence);
        Assert.False(log.TryRead(3, out _));
        TestMessages.AssertText(log, 4, "a-3");
        TestMessages.AssertText(log, 10, "a-9");
    }

    [Fact]
    public async Task TruncateBefore_BeyondTheEnd_StopsAtNextSequence()
    {
        var log = Store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 5), CancellationToken.None);

        log.TruncateBefore(100);

        Assert.Equal(6, log.FirstSequence);
        Assert.Equal(6, log.NextSequence);
        var next = await log.AppendAsync(TestMessages.Batch("b", 1), CancellationToken.None);
        Assert.Equal(6, next);
        TestMessages.AssertText(log, 6, "b-0");
    }

    [Fact]
    public async Task TruncateBefore_Backwards_IsIgnored()
    {
        var log = Store.CreateLog();
        await log.AppendAsync(TestMessages.Batch("a", 5), CancellationToken.None);
        log.TruncateBefore(4);

        log.TruncateBefore(2);

        Assert.Equal(4, log.FirstSequence);
        Assert.False(log.TryRead(2, out _));
    }

    [Fact]
    public async Task DeleteLog_Existing_RemovesItFromFindAndList()
    {
        var kept = Store.CreateLog();
        var deleted = Store.CreateLog();
        await deleted.AppendAsync(TestMessages.Batch("a", 3), CancellationToken.None);

        Store.DeleteLog(deleted.LogId);

        Assert.Null(Store.FindLog(deleted.LogId));
        Assert.Equal([kept.LogId], Store.ListLogIds());
    }

    [Fact]
    public void DeleteLog_Unknown_IsIgnored()
    {
        var log = Store.CreateLog();

        Store.DeleteLog(log.LogId + 1000);

        Assert.Equal([log.LogId], Store.ListLogIds());
    }

    [Fact]
    public void CreateLog_AfterDelete_NeverReusesTheId()
    {
        var first = Store.CreateLog();
        Store.DeleteLog(first.LogId);

        var second = Store.CreateLog();

        Assert.True(second.LogId > first.LogId);
    }

    [Fact]
    public void ListLogIds_ListsEveryCreatedLog()
    {
        var ids = new[] { Store.CreateLog().LogId, Store.CreateLog().LogId, Store.CreateLog().LogId };

        Assert.Equal(ids.Order(), Store.ListLogIds().Order());
    }

    [Fact]
    public async Task AppendAsync_ManyConcurrentAppenders_GetDistinctContiguousSequences()
    {
        var log = Store.CreateLog();
        const int Writers = 8;
        const int AppendsPerWriter = 100;

        var ranges = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var appended = new List<(long First, StoredMessage[] Batch)>();
            for (var i = 0; i < AppendsPerWriter; i++)
            {
                var batch = TestMessages.Batch($"w{writer}.{i}", 1 + (i % 3), dataBytes: 64);
                appended.Add((await log.AppendAsync(batch, CancellationToken.None), batch));
            }
            return appended;
        })));

        var all = ranges.SelectMany(r => r).OrderBy(r => r.First).ToList();
        var expected = 1L;
        foreach (var (first, batch) in all)
        {
            Assert.Equal(expected, first);
            for (var i = 0; i < batch.Length; i++)
            {
                TestMessages.AssertText(log, first + i, TestMessages.Text(batch[i]));
            }
            expected += batch.Length;
        }
        Assert.Equal(expected, log.NextSequence);
    }

    [Fact]
    public async Task TryRead_ConcurrentWithAppends_SeesOnlyCompleteMessages()
    {
        var log = Store.CreateLog();
        using var done = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var reads = 0;
            while (!done.IsCancellationRequested)
            {
                var end = log.NextSequence;
                for (var sequence = Math.Max(1, end - 20); sequence < end; sequence++)
                {
                    Assert.True(log.TryRead(sequence, out var message));
                    Assert.StartsWith("r-", TestMessages.Text(message), StringComparison.Ordinal);
                    reads++;
                }
            }
            return reads;
        });

        for (var i = 0; i < 200; i++)
        {
            await log.AppendAsync(TestMessages.Batch("r", 5), CancellationToken.None);
        }
        await done.CancelAsync();

        Assert.True(await reader >= 0);
        Assert.Equal(1001, log.NextSequence);
    }
}
