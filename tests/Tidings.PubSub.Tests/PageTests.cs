using Tidings.PubSub.Errors;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests;

/// <summary>Paging in name order with the last returned name as token.</summary>
public sealed class PageTests
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 250).Select(i => $"n{i:D3}")];

    [Fact]
    public void Of_PageSizeZero_UsesDefaultOf100()
    {
        var page = Page<string>.Of(Names, name => name, 0, "");

        Assert.Equal(100, page.Items.Count);
        Assert.Equal("n099", page.NextPageToken);
    }

    [Fact]
    public void Of_PageSizeOverMaximum_CappedAt1000()
    {
        var many = Enumerable.Range(0, 1500).Select(i => $"n{i:D4}").ToList();

        var page = Page<string>.Of(many, name => name, 5000, "");

        Assert.Equal(Page<string>.MaxPageSize, page.Items.Count);
    }

    [Fact]
    public void Of_NegativePageSize_ThrowsInvalidArgument()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, () => Page<string>.Of(Names, name => name, -1, ""));
    }

    [Fact]
    public void Of_UnorderedInput_ReturnsOrdinalOrder()
    {
        var page = Page<string>.Of(["b", "a", "C", "c"], name => name, 10, "");

        Assert.Equal(["C", "a", "b", "c"], page.Items);
    }

    [Fact]
    public void Of_Token_ResumesAfterIt()
    {
        var page = Page<string>.Of(Names, name => name, 3, "n100");

        Assert.Equal(["n101", "n102", "n103"], page.Items);
    }
}
