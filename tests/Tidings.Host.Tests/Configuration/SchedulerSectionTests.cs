using Tidings.Configuration;
using Tidings.Scheduler;

namespace Tidings.Host.Tests.Configuration;

/// <summary>The Tidings:Scheduler section: the engine's defaults, the three sources, and validation naming the setting.</summary>
public sealed class SchedulerSectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _environment = new() { ["HOME"] = "/home/tester" };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_NothingSet_GivesTheEngineDefaults()
    {
        var engine = Load().Scheduler.ToEngineOptions();
        var defaults = new SchedulerOptions();

        Assert.Equal(defaults.AppEngineBaseUrl, engine.AppEngineBaseUrl);
        Assert.Equal(defaults.MisfirePolicy, engine.MisfirePolicy);
    }

    [Fact]
    public void Load_CommandLineBeatsEnvironmentBeatsFile()
    {
        _dir.Write("tidings.json", """{ "Tidings": { "Scheduler": { "AppEngineBaseUrl": "http://file:1", "MisfirePolicy": "Skip" } } }""");
        _environment["TIDINGS_SCHEDULER_APP_ENGINE_BASE_URL"] = "http://environment:2";

        var scheduler = Load("--scheduler-misfire-policy", "once").Scheduler.ToEngineOptions();

        Assert.Equal(new Uri("http://environment:2"), scheduler.AppEngineBaseUrl);
        Assert.Equal(MisfirePolicy.Once, scheduler.MisfirePolicy);
        Assert.Equal(MisfirePolicy.Skip, Load().Scheduler.MisfirePolicy);
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("ftp://host/")]
    public void Validate_AppEngineBaseUrlNotHttp_FailsNamingTheSetting(string url)
    {
        var result = new TidingsOptionsValidator().Validate(name: null, Load("--scheduler-app-engine-base-url", url));

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Scheduler:AppEngineBaseUrl '{url}' must be an absolute http or https URL", failure, StringComparison.Ordinal);
        Assert.Contains("--scheduler-app-engine-base-url", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownMisfirePolicy_IsAnError()
    {
        var error = Assert.Throws<TidingsConfigurationException>(() => Load("--scheduler-misfire-policy", "all"));
        Assert.Contains("MisfirePolicy", error.Message, StringComparison.Ordinal);
    }

    private TidingsOptions Load(params string[] args) =>
        TidingsOptionsLoader.Load(CommandLineArguments.Parse(args), _environment, _dir.Path);
}
