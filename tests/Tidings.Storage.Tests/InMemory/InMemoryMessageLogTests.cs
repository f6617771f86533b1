using System.Text;
using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;

namespace Tidings.Storage.Tests.InMemory;

/// <summary>
/// What is particular to the in-memory log (the shared behaviour is in the compliance suite): truncation across
/// its 4,096-message chunks, and message sizes.
/// </summary>
public sealed class InMemoryMessageLogTests
{
    private readonly InMemoryMessageStore _store = new();

    [Fact]
    public async Task AppendAsync_Batches_ReturnsFirstSequenceAndReadsBack()
    {
        var log = _store.CreateLog();

        Assert.Equal(1, await log.AppendAsync([Message("a"), Message("b")], CancellationToken.None));
        Assert.Equal(3, await log.AppendAsync([Message("c")], CancellationToken.None));

        Assert.Equal(4, log.NextSequence);
        Assert.True(log.TryRead(2, out var b));
        Assert.Equal("b", Encoding.UTF8.GetString(b.Data.Span));
        Assert.False(log.TryRead(0, out _));
        Assert.False(log.TryRead(4, out _));
    }

    [Fact]
    public async Task TruncateBefore_AcrossChunks_DropsOnlyEarlierMessages()
    {
        var log = await LogWithAsync(10_000);

        log.TruncateBefore(8_193);

        Assert.Equal(8_193, log.FirstSequence);
        Assert.False(log.TryRead(1, out _));
        Assert.False(log.TryRead(4_096, out _));
        Assert.False(log.TryRead(8_192, out _));
        Assert.True(log.TryRead(8_193, out var kept));
        Assert.Equal("m8193", Encoding.UTF8.GetString(kept.Data.Span));
        Assert.True(log.TryRead(10_000, out _));
    }

    [Fact]
    public async Task TruncateBefore_InSteps_EachStepKeepsTheRest()
    {
        var log = await LogWithAsync(5_000);

        log.TruncateBefore(100);
        log.TruncateBefore(4_097);
        log.TruncateBefore(4_500);

        Assert.Equal(4_500, log.FirstSequence);
        Assert.False(log.TryRead(4_499, out _));
        Assert.True(log.TryRead(4_500, out _));
        Assert.True(log.TryRead(5_000, out _));
    }

    [Fact]
    public async Task TruncateBefore_LowerThanFirst_IsANoOp()
    {
        var log = await LogWithAsync(10);
        log.TruncateBefore(5);

        log.TruncateBefore(3);

        Assert.Equal(5, log.FirstSequence);
        Assert.True(log.TryRead(5, out _));
    }

    [Fact]
    public async Task TruncateBefore_PastTheEnd_ClampsToNextSequence()
    {
        var log = await LogWithAsync(10);

        log.TruncateBefore(1_000);

        Assert.Equal(11, log.FirstSequence);
        Assert.Equal(11, log.NextSequence);
        Assert.Equal(11, await log.AppendAsync([Message("after")], CancellationToken.None));
        Assert.True(log.TryRead(11, out _));
    }

    [Fact]
    public void StoredMessage_Size_CountsDataAttributesAndOrderingKey()
    {
        var message = new StoredMessage(new byte[10], [KeyValuePair.Create("key", "value")], "ok", 0);

        Assert.Equal(10 + 3 + 5 + 2, message.Size);
    }

    private async Task<IMessageLog> LogWithAsync(int count)
    {
        var log = _store.CreateLog();
        await log.AppendAsync([.. Enumerable.Range(1, count).Select(i => Message($"m{i}"))], CancellationToken.None);
        return log;
    }

    private static StoredMessage Message(string data) => new(Encoding.UTF8.GetBytes(data), [], "", 0);
}
