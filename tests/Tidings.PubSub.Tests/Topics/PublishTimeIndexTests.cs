using Tidings.PubSub.Topics;
using Tidings.Storage.InMemory;
using Tidings.Storage.Messages;

namespace Tidings.PubSub.Tests.Topics;

/// <summary>Publish time → first sequence at or after it, by binary search over the log.</summary>
public sealed class PublishTimeIndexTests
{
    private readonly IMessageLog _log = new InMemoryMessageStore().CreateLog();

    private async Task AppendAtAsync(params long[] publishTimes)
    {
        foreach (var time in publishTimes)
        {
            await _log.AppendAsync([new StoredMessage(new byte[] { 1 }, [], "", time)], CancellationToken.None);
        }
    }

    [Fact]
    public void FirstAtOrAfter_EmptyLog_NextSequence() => Assert.Equal(1, PublishTimeIndex.FirstAtOrAfter(_log, 100));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 3)]
    [InlineData(20, 3)]
    [InlineData(30, 5)]
    [InlineData(31, 6)]
    public async Task FirstAtOrAfter_EqualTimesAndBoundaries_FirstOfTheRun(long time, long expected)
    {
        await AppendAtAsync(10, 10, 20, 20, 30);

        Assert.Equal(expected, PublishTimeIndex.FirstAtOrAfter(_log, time));
    }

    [Fact]
    public async Task FirstAtOrAfter_TruncatedLog_NeverBelowTheFirstSequence()
    {
        await AppendAtAsync(10, 20, 30, 40);
        _log.TruncateBefore(3);

        Assert.Equal(3, PublishTimeIndex.FirstAtOrAfter(_log, 0));
        Assert.Equal(4, PublishTimeIndex.FirstAtOrAfter(_log, 35));
    }
}
