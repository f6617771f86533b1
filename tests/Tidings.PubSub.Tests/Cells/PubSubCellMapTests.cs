using Tidings.PubSub.Cells;

namespace Tidings.PubSub.Tests.Cells;

public sealed class PubSubCellMapTests
{
    [Fact]
    public void OneCell_HoldsEveryTopic()
    {
        Assert.Equal(0, PubSubCellMap.Single.OfTopic("projects/p/topics/orders"));
        Assert.Equal(0, PubSubCellMap.Single.OfTopic(""));
    }

    [Fact]
    public void TheHash_IsFixed_ForADatabaseOutlivesTheVersionThatFilledIt()
    {
        // FNV-1a of the UTF-8 name: these values must never change, or topics would move to other cells' documents.
        var map = new PubSubCellMap(16);

        Assert.Equal(PinnedCell("projects/p/topics/orders", 16), map.OfTopic("projects/p/topics/orders"));
        Assert.Equal(PinnedCell("projects/ünï/topics/çødé", 16), map.OfTopic("projects/ünï/topics/çødé"));
        Assert.Equal(PinnedCell(new string('x', 300), 16), map.OfTopic(new string('x', 300)));
    }

    [Fact]
    public void Topics_SpreadOverEveryCell()
    {
        var map = new PubSubCellMap(8);

        var counts = Enumerable.Range(0, 8000).GroupBy(i => map.OfTopic($"projects/p/topics/topic-{i}")).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(8, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 800, 1200));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void CountsOutsideOneTo256_AreRefused(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PubSubCellMap(count));

    // The definition, written out independently of the implementation.
    private static int PinnedCell(string name, int cells)
    {
        uint hash = 0x811C9DC5;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash *= 0x01000193;
        }
        return (int)(hash % (uint)cells);
    }
}
