using Tidings.Configuration;

namespace Tidings.Host.Tests.Configuration;

public sealed class CommandLineArgumentsTests
{
    [Fact]
    public void Parse_ValueForms_BothAccepted()
    {
        var parsed = CommandLineArguments.Parse(["--host", "::1", "--port=0", "--data-dir", "/d", "--config=x.json"]);

        Assert.Equal("::1", parsed.Settings["Tidings:Host"]);
        Assert.Equal("0", parsed.Settings["Tidings:Port"]);
        Assert.Equal("/d", parsed.Settings["Tidings:DataDir"]);
        Assert.Equal("x.json", parsed.ConfigFile);
        Assert.False(parsed.ShowHelp);
    }

    [Fact]
    public void Parse_BareFlagFollowedByOption_FlagIsTrueAndOptionKept()
    {
        var parsed = CommandLineArguments.Parse(["--in-memory", "--port", "1"]);

        Assert.Equal("true", parsed.Settings["Tidings:InMemory"]);
        Assert.Equal("1", parsed.Settings["Tidings:Port"]);
    }

    [Fact]
    public void Parse_RepeatedOption_LastWins()
    {
        Assert.Equal("2", CommandLineArguments.Parse(["--port", "1", "--port", "2"]).Settings["Tidings:Port"]);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Parse_Help_WinsOverErrors(string help)
    {
        Assert.True(CommandLineArguments.Parse(["--bogus", help]).ShowHelp);
    }

    [Theory]
    [InlineData("Unknown option '--prot'", "--prot", "1")]
    [InlineData("Unexpected argument 'serve'", "serve")]
    [InlineData("Option '--port' needs a value", "--port")]
    [InlineData("Option '--host' needs a value", "--host", "--port", "1")]
    public void Parse_BadArguments_ExplainWhy(string expected, params string[] args)
    {
        var error = Assert.Throws<TidingsConfigurationException>(() => CommandLineArguments.Parse(args));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
