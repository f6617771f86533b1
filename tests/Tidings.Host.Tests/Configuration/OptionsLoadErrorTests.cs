using Tidings.Configuration;

namespace Tidings.Host.Tests.Configuration;

public sealed class OptionsLoadErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _environment = new() { ["HOME"] = "/home/tester" };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_ConfigFileMissing_NamesTheFile()
    {
        var error = Assert.Throws<TidingsConfigurationException>(() => Load("--config", "absent.json"));

        Assert.Contains(Path.Combine(_dir.Path, "absent.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConfigFileMalformed_SaysItIsNotJson()
    {
        _dir.Write("tidings.json", "{ \"Tidings\": { \"Port\": ");

        var error = Assert.Throws<TidingsConfigurationException>(() => Load());

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeyInFile_NamesTheKey()
    {
        _dir.Write("tidings.json", """{ "Tidings": { "Prot": 1 } }""");

        var error = Assert.Throws<TidingsConfigurationException>(() => Load());

        Assert.Contains("Prot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PortNotANumber_NamesTheSetting()
    {
        _environment["TIDINGS_PORT"] = "eighty";

        var error = Assert.Throws<TidingsConfigurationException>(() => Load());

        Assert.Contains("Tidings:Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("eighty", error.Message, StringComparison.Ordinal);
    }

    private TidingsOptions Load(params string[] args) =>
        TidingsOptionsLoader.Load(CommandLineArguments.Parse(args), _environment, _dir.Path);
}
