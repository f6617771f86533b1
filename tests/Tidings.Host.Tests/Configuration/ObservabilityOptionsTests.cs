using Tidings.Configuration;

namespace Tidings.Host.Tests.Configuration;

/// <summary>--log-format and --otlp-endpoint: parsed from every source, validated, plain text and no export by default.</summary>
public sealed class ObservabilityOptionsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _environment = new() { ["HOME"] = "/home/tester" };

    public void Dispose() => _dir.Dispose();

    private TidingsOptions Load(params string[] args) =>
        TidingsOptionsLoader.Load(CommandLineArguments.Parse(args), _environment, _dir.Path);

    [Fact]
    public void Defaults_PlainTextAndNoTraceExport()
    {
        var options = Load();

        Assert.Equal((LogFormat.Text, ""), (options.LogFormat, options.OtlpEndpoint));
    }

    [Fact]
    public void CommandLineAndEnvironment_SetBoth_CaseInsensitively()
    {
        _environment["TIDINGS_OTLP_ENDPOINT"] = "http://collector:4317";

        var options = Load("--log-format", "JSON");

        Assert.Equal((LogFormat.Json, "http://collector:4317"), (options.LogFormat, options.OtlpEndpoint));
    }

    [Fact]
    public void UnknownLogFormat_IsAConfigurationError()
    {
        var error = Assert.Throws<TidingsConfigurationException>(() => Load("--log-format", "xml"));

        Assert.Contains("Tidings:LogFormat", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("collector:4317")]
    [InlineData("ftp://collector:4317")]
    public void OtlpEndpointNotAnHttpUrl_FailsNamingTheSetting(string endpoint)
    {
        var result = new TidingsOptionsValidator().Validate(name: null, new TidingsOptions { DataDir = "/d", OtlpEndpoint = endpoint });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains($"OtlpEndpoint '{endpoint}' must be an absolute http:// or https:// URL", failure, StringComparison.Ordinal);
    }
}
