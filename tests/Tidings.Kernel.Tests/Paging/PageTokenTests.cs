using Tidings.Kernel.Paging;

namespace Tidings.Kernel.Tests.Paging;

/// <summary>Page tokens: opaque on the wire, exact round trips, and refusal of anything the server did not issue.</summary>
public sealed class PageTokenTests
{
    [Theory]
    [InlineData("projects/p/topics/orders")]
    [InlineData("projects/p/locations/l/queues/q/tasks/t_1")]
    [InlineData("ünïcode/キー")]
    [InlineData("")]
    public void ToString_ThenTryParse_RoundTrips(string key)
    {
        var wire = PageToken.ResumeAfter(key).ToString();

        Assert.True(PageToken.TryParse(wire, out var parsed));
        Assert.Equal(key, parsed.After);
        Assert.False(parsed.IsStart);
    }

    [Fact]
    public void ToString_IsUrlSafeAndDoesNotShowTheKey()
    {
        var wire = PageToken.ResumeAfter("projects/p/topics/orders").ToString();

        Assert.DoesNotContain("orders", wire, StringComparison.Ordinal);
        Assert.All(wire, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' in {wire}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_EmptyOrNull_IsStart(string? text)
    {
        Assert.True(PageToken.TryParse(text, out var token));
        Assert.True(token.IsStart);
        Assert.Null(token.After);
    }

    [Fact]
    public void Start_WireFormIsEmpty()
    {
        Assert.Equal("", PageToken.Start.ToString());
    }

    [Theory]
    [InlineData("projects/p/topics/orders")] // a name is not a token
    [InlineData("!!!")]
    [InlineData("AA")] // decodes to format byte 0
    [InlineData("Ag")] // decodes to format byte 2
    [InlineData("A")] // not a whole byte
    [InlineData("Af8")] // format 1, then a byte that is not UTF-8
    public void TryParse_NotIssuedByTheServer_False(string text)
    {
        Assert.False(PageToken.TryParse(text, out _));
    }
}
