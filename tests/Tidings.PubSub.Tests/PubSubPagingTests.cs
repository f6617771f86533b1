using Tidings.Kernel.Errors;
using Tidings.Kernel.Paging;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests;

/// <summary>Pub/Sub's paging rules over the kernel's pages: default and maximum size, Google's errors.</summary>
public sealed class PubSubPagingTests
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 250).Select(i => $"n{i:D3}")];

    [Fact]
    public void Of_PageSizeZero_UsesDefaultOf100()
    {
        var page = PubSubPaging.Of(Names, name => name, 0, "");

        Assert.Equal(100, page.Items.Count);
        Assert.Equal("n099", page.Next.After);
    }

    [Fact]
    public void Of_PageSizeOverMaximum_CappedAt1000()
    {
        var many = Enumerable.Range(0, 1500).Select(i => $"n{i:D4}").ToList();

        var page = PubSubPaging.Of(many, name => name, 5000, "");

        Assert.Equal(PubSubPaging.MaxPageSize, page.Items.Count);
    }

    [Fact]
    public void Of_NegativePageSize_ThrowsInvalidArgumentWithGoogleText()
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, "The value for page_size is too small. You passed -1 in the request, but the minimum value is 0.",
            () => PubSubPaging.Of(Names, name => name, -1, ""));
    }

    [Fact]
    public void Of_UnorderedInput_ReturnsOrdinalOrder()
    {
        var page = PubSubPaging.Of(["b", "a", "C", "c"], name => name, 10, "");

        Assert.Equal(["C", "a", "b", "c"], page.Items);
    }

    [Fact]
    public void Of_Token_ResumesAfterIt()
    {
        var page = PubSubPaging.Of(Names, name => name, 3, PageToken.ResumeAfter("n100").ToString());

        Assert.Equal(["n101", "n102", "n103"], page.Items);
    }

    [Theory]
    [InlineData("n100")] // a name is not a token: tokens are opaque
    [InlineData("not base64 at all!")]
    [InlineData("AA")] // decodes, but to an unknown format byte
    public void Of_TokenNotIssuedByTheServer_ThrowsInvalidArgument(string pageToken)
    {
        PubSubAssert.Throws(ErrorCode.InvalidArgument, $"The page token is invalid (page_token={pageToken}).",
            () => PubSubPaging.Of(Names, name => name, 3, pageToken));
    }
}
