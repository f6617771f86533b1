using Tidings.Storage.Tests.Support;

namespace Tidings.Storage.Tests.Segments;

/// <summary>Recent messages come from the cache, older ones from the segment files; the cache stays in budget.</summary>
public sealed class CacheTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TryRead_WithoutCache_ReadsEveryMessageFromDisk()
    {
        using var store = TestStores.Open(_directory.Path, segmentBytes: 16 * 1024, cacheBytes: 0);
        var log = store.CreateLog();
        var messages = new List<Tidings.Storage.Messages.StoredMessage>();
        for (var i = 0; i < 50; i++)
        {
            var message = TestMessages.Create($"d{i}", 500 + i, $"key{i % 3}", ("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            messages.Add(message);
            await log.AppendAsync([message], CancellationToken.None);
        }

        for (var i = 0; i < messages.Count; i++)
        {
            Assert.True(log.TryRead(i + 1, out var read));
            Assert.NotSame(messages[i], read);
            TestMessages.AssertSame(messages[i], read);
        }
    }

    [Fact]
    public async Task TryRead_SmallCache_KeepsTheBudgetAndServesOldMessagesFromDisk()
    {
        const long Budget = 64 * 1024;
        using var store = TestStores.Open(_directory.Path, segmentBytes: 256 * 1024, cacheBytes: Budget);
        var log = store.CreateLog();
        var last = TestMessages.Create("last", 1024);
        for (var i = 0; i < 500; i++)
        {
            await log.AppendAsync(TestMessages.Batch($"c{i}", 2, dataBytes: 1024), CancellationToken.None);
        }
        await log.AppendAsync([last], CancellationToken.None);

        Assert.True(store.Cache.Bytes <= Budget, $"cache holds {store.Cache.Bytes} bytes");
        TestMessages.AssertText(log, 1, "c0-0");
        Assert.True(log.TryRead(1001, out var cached));
        TestMessages.AssertSame(last, cached);
    }

    [Fact]
    public async Task TryRead_CachedMessage_DoesNotShareTheCallersBuffers()
    {
        using var store = TestStores.Open(_directory.Path);
        var log = store.CreateLog();
        var data = new byte[1024];
        Array.Fill(data, (byte)'a');
        var message = new Tidings.Storage.Messages.StoredMessage(data, [new("k", "v")], "key", 42);
        var first = await log.AppendAsync([message, TestMessages.Create("second", 100)], CancellationToken.None);

        Array.Fill(data, (byte)'b'); // a caller reusing its buffer must not change what was published

        Assert.True(log.TryRead(first, out var cached));
        Assert.True(cached.Data.Span.IndexOfAnyExcept((byte)'a') < 0, "the cached data changed with the caller's buffer");
        Assert.Equal(1024, cached.Data.Length);
        Assert.Equal([new("k", "v")], cached.Attributes);
        Assert.Equal("key", cached.OrderingKey);
        Assert.Equal(42, cached.PublishTimeUnixMicros);
        Assert.Equal(message.Size, cached.Size);
        Assert.True(log.TryRead(first + 1, out var second));
        Assert.Equal("second", TestMessages.Text(second));
    }

    [Fact]
    public async Task TryRead_SeveralLogs_ShareOneBudget()
    {
        const long Budget = 32 * 1024;
        using var store = TestStores.Open(_directory.Path, cacheBytes: Budget);
        var logs = Enumerable.Range(0, 4).Select(_ => store.CreateLog()).ToList();

        for (var i = 0; i < 100; i++)
        {
            foreach (var log in logs)
            {
                await log.AppendAsync(TestMessages.Batch($"l{log.LogId}.{i}", 1, dataBytes: 1024), CancellationToken.None);
            }
        }

        Assert.True(store.Cache.Bytes <= Budget);
        foreach (var log in logs)
        {
            TestMessages.AssertText(log, 1, $"l{log.LogId}.0-0");
            TestMessages.AssertText(log, 100, $"l{log.LogId}.99-0");
        }
    }
}
