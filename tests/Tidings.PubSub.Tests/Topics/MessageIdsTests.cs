using System.Globalization;
using Tidings.PubSub.Tests.Support;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub.Tests.Topics;

/// <summary>Message ids are decimal numbers, like Google's, unique across topics.</summary>
public sealed class MessageIdsTests
{
    [Fact]
    public void Format_LogAndSequence_IsDecimalWithLogInHighBits()
    {
        Assert.Equal(((1L << 40) | 5).ToString(CultureInfo.InvariantCulture), MessageIds.Format(1, 5));
    }

    [Fact]
    public async Task Publish_TwoTopics_IdsAreDistinctDecimalNumbers()
    {
        using var harness = new BrokerHarness();
        harness.CreateTopic("first");
        harness.CreateTopic("second");

        var ids = (await harness.PublishAsync("first", "a", "b")).Concat(await harness.PublishAsync("second", "a", "b")).ToList();

        Assert.Equal(4, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0, id));
    }

    [Fact]
    public async Task Publish_OneRequest_IdsInRequestOrder()
    {
        using var harness = new BrokerHarness();
        harness.CreateTopic("orders");

        var first = await harness.PublishAsync("orders", "a", "b", "c");
        var second = await harness.PublishAsync("orders", "d");

        var numbers = first.Concat(second).Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);
    }
}
