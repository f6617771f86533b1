namespace Tidings.Delivery.Tests;

public sealed class EndpointAllowListTests
{
    [Theory]
    [InlineData("example.com", "https://example.com/push", true)]
    [InlineData("example.com", "https://EXAMPLE.com:8443/push", true)]
    [InlineData("Example.COM", "http://example.com/", true)]
    [InlineData("example.com", "https://www.example.com/", false)]
    [InlineData("example.com", "https://example.com.evil.net/", false)]
    [InlineData("example.com:8080", "http://example.com:8080/x", true)]
    [InlineData("example.com:8080", "http://example.com:8081/x", false)]
    [InlineData("example.com:443", "https://example.com/x", true)]
    [InlineData("example.com:80", "https://example.com/x", false)]
    [InlineData("*.example.com", "https://a.example.com/", true)]
    [InlineData("*.example.com", "https://a.b.Example.com/", true)]
    [InlineData("*.example.com", "https://example.com/", false)]
    [InlineData("*.example.com", "https://badexample.com/", false)]
    [InlineData("*.example.com:9000", "http://a.example.com:9000/", true)]
    [InlineData("*.example.com:9000", "http://a.example.com:9001/", false)]
    [InlineData("127.0.0.1", "http://127.0.0.1:5000/", true)]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5001/", false)]
    [InlineData("::1", "http://[::1]:5000/", true)]
    [InlineData("[::1]", "http://[::1]:5000/", true)]
    [InlineData("[::1]:5000", "http://[::1]:5000/", true)]
    [InlineData("[::1]:5000", "http://[::1]:5001/", false)]
    [InlineData("[0:0::1]", "http://[::1]/", true)]
    [InlineData("localhost", "http://127.0.0.1/", false)]
    public void Allows_SingleEntry_MatchesAsDocumented(string entry, string endpoint, bool expected)
    {
        var list = new EndpointAllowList([entry]);

        Assert.Equal(expected, list.Allows(new Uri(endpoint)));
        Assert.True(list.IsRestricted);
    }

    [Fact]
    public void Allows_SeveralEntries_AnyMatches()
    {
        var list = new EndpointAllowList(["a.test", " b.test ", "*.c.test"]);

        Assert.True(list.Allows(new Uri("http://a.test/")));
        Assert.True(list.Allows(new Uri("http://b.test/")));
        Assert.True(list.Allows(new Uri("http://x.c.test/")));
        Assert.False(list.Allows(new Uri("http://d.test/")));
    }

    [Fact]
    public void Allows_EmptyList_AllowsEverything()
    {
        var empty = new EndpointAllowList([]);

        Assert.False(empty.IsRestricted);
        Assert.False(EndpointAllowList.AllowAll.IsRestricted);
        Assert.True(empty.Allows(new Uri("https://anything.example/")));
        Assert.True(EndpointAllowList.AllowAll.Allows(new Uri("http://10.0.0.1:1/")));
    }

    [Fact]
    public void Allows_RelativeUri_IsRefused()
    {
        Assert.False(EndpointAllowList.AllowAll.Allows(new Uri("/push", UriKind.Relative)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("a.*.com")]
    [InlineData("example.com:port")]
    [InlineData("example.com:70000")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    public void Constructor_InvalidEntry_Throws(string entry)
    {
        Assert.Throws<ArgumentException>(() => new EndpointAllowList([entry]));
    }
}
