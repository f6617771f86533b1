using Tidings.Configuration;

namespace Tidings.Host.Tests.Configuration;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(8085)]
    [InlineData(65535)]
    public void Validate_PortInRange_Succeeds(int port)
    {
        Assert.True(Validate(new TidingsOptions { Port = port, DataDir = "/d" }).Succeeded);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Validate_PortOutOfRange_FailsNamingPort(int port)
    {
        var result = Validate(new TidingsOptions { Port = port, DataDir = "/d" });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains($"Port {port} is out of range", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::")]
    [InlineData("*")]
    [InlineData("localhost")]
    public void Validate_ListenableHost_Succeeds(string host)
    {
        Assert.True(Validate(new TidingsOptions { Host = host, DataDir = "/d" }).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_EmptyHost_Fails(string host)
    {
        var failure = Assert.Single(Validate(new TidingsOptions { Host = host, DataDir = "/d" }).Failures!);

        Assert.Contains("Host must not be empty", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HostName_FailsSayingWhatIsAccepted()
    {
        var failure = Assert.Single(Validate(new TidingsOptions { Host = "example.com", DataDir = "/d" }).Failures!);

        Assert.Contains("must be an IP address", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAll()
    {
        var result = Validate(new TidingsOptions { Host = "", Port = 70000, DataDir = "/d" });

        Assert.Equal(2, result.Failures!.Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("default")]
    [InlineData("default, local ,us-central1")]
    public void Validate_LocationIds_Succeeds(string locations)
    {
        Assert.True(Validate(new TidingsOptions { Locations = locations, DataDir = "/d" }).Succeeded);
    }

    [Theory]
    [InlineData("us_central1")]
    [InlineData("default,a/b")]
    public void Validate_MalformedLocationId_FailsNamingIt(string locations)
    {
        var failure = Assert.Single(Validate(new TidingsOptions { Locations = locations, DataDir = "/d" }).Failures!);

        Assert.Contains("must be 1 to 100 ASCII letters, digits or hyphens (--locations", failure, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(TidingsOptions options) =>
        new TidingsOptionsValidator().Validate(name: null, options);
}
