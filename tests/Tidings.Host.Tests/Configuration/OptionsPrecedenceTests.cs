using Tidings.Configuration;

namespace Tidings.Host.Tests.Configuration;

public sealed class OptionsPrecedenceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _environment = new() { ["HOME"] = "/home/tester" };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_NothingSet_UsesDefaults()
    {
        var options = Load();

        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(8085, options.Port);
        Assert.Equal("/home/tester/.local/share/tidings", options.DataDir);
        Assert.False(options.InMemory);
    }

    [Fact]
    public void Load_AllThreeSources_CommandLineBeatsEnvironmentBeatsFile()
    {
        _dir.Write(
            "tidings.json",
            """{ "Tidings": { "Host": "10.0.0.1", "Port": 1001, "DataDir": "from-file", "InMemory": true } }""");
        _environment["TIDINGS_PORT"] = "1002";
        _environment["TIDINGS_DATA_DIR"] = "from-env";

        var options = Load("--port", "1003");

        Assert.Equal("10.0.0.1", options.Host);
        Assert.Equal(1003, options.Port);
        Assert.Equal(Path.Combine(_dir.Path, "from-env"), options.DataDir);
        Assert.True(options.InMemory);
    }

    [Fact]
    public void Load_EnvironmentOnly_OverridesDefaults()
    {
        _environment["TIDINGS_HOST"] = "0.0.0.0";
        _environment["TIDINGS_PORT"] = "9000";
        _environment["TIDINGS_DATA_DIR"] = "/var/lib/tidings";
        _environment["TIDINGS_IN_MEMORY"] = "true";

        var options = Load();

        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(9000, options.Port);
        Assert.Equal("/var/lib/tidings", options.DataDir);
        Assert.True(options.InMemory);
    }

    [Fact]
    public void Load_EmptyEnvironmentVariable_CountsAsUnset()
    {
        _environment["TIDINGS_PORT"] = "";

        Assert.Equal(8085, Load().Port);
    }

    [Fact]
    public void Load_BareInMemoryFlag_BeatsEnvironmentFalse()
    {
        _environment["TIDINGS_IN_MEMORY"] = "false";

        Assert.True(Load("--in-memory").InMemory);
    }

    [Fact]
    public void Load_InMemoryFalseOnCommandLine_BeatsFileTrue()
    {
        _dir.Write("tidings.json", """{ "Tidings": { "InMemory": true } }""");

        Assert.False(Load("--in-memory=false").InMemory);
    }

    [Fact]
    public void Load_ConfigOption_ReadsThatFileInsteadOfDefaultOne()
    {
        _dir.Write("tidings.json", """{ "Tidings": { "Port": 1001 } }""");
        _dir.Write("other.json", """{ "Tidings": { "Host": "::1" } }""");

        var options = Load("--config", "other.json");

        Assert.Equal("::1", options.Host);
        Assert.Equal(8085, options.Port);
    }

    [Fact]
    public void Load_XdgDataHomeSet_DataDirUnderIt()
    {
        _environment["XDG_DATA_HOME"] = "/data";

        Assert.Equal("/data/tidings", Load().DataDir);
    }

    [Fact]
    public void Load_XdgDataHomeRelative_Ignored()
    {
        _environment["XDG_DATA_HOME"] = "relative";

        Assert.Equal("/home/tester/.local/share/tidings", Load().DataDir);
    }

    private TidingsOptions Load(params string[] args) =>
        TidingsOptionsLoader.Load(CommandLineArguments.Parse(args), _environment, _dir.Path);
}
