using Tidings.Kernel.Paging;

namespace Tidings.Kernel.Tests.Paging;

/// <summary>Pages in ordinal key order, resumed by token, stable when items come and go between calls.</summary>
public sealed class PageTests
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 10).Select(i => $"n{i}")];

    [Fact]
    public void Of_Walk_VisitsEveryItemOnceAndEndsWithoutToken()
    {
        var seen = new List<string>();
        var token = PageToken.Start;
        var pages = 0;
        do
        {
            var page = Page<string>.Of(Names, name => name, 3, token);
            seen.AddRange(page.Items);
            token = page.Next;
            pages++;
        }
        while (!token.IsStart);

        Assert.Equal(Names, seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public void Of_ExactlyFullLastPage_HasNoToken()
    {
        var page = Page<string>.Of(Names, name => name, 10, PageToken.Start);

        Assert.Equal(10, page.Items.Count);
        Assert.True(page.Next.IsStart);
        Assert.Equal("", page.NextPageToken);
    }

    [Fact]
    public void Of_MorePages_TokenResumesAfterTheLastItem()
    {
        var page = Page<string>.Of(Names, name => name, 3, PageToken.Start);

        Assert.Equal(["n0", "n1", "n2"], page.Items);
        Assert.Equal("n2", page.Next.After);
        Assert.Equal(page.Next.ToString(), page.NextPageToken);
    }

    [Fact]
    public void Of_ItemDeletedBetweenCalls_NextPageStillStartsAfterIt()
    {
        var first = Page<string>.Of(Names, name => name, 3, PageToken.Start);
        var remaining = Names.Where(name => name != "n2" && name != "n3");

        var second = Page<string>.Of(remaining, name => name, 3, first.Next);

        Assert.Equal(["n4", "n5", "n6"], second.Items);
    }

    [Fact]
    public void Of_OrdinalOrder_UppercaseFirst()
    {
        var page = Page<string>.Of(["b", "a", "C", "c"], name => name, 10, PageToken.Start);

        Assert.Equal(["C", "a", "b", "c"], page.Items);
    }

    [Fact]
    public void Of_SizeBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Page<string>.Of(Names, name => name, 0, PageToken.Start));
    }
}
