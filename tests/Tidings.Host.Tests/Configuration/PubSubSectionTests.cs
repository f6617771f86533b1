using Tidings.Configuration;
using Tidings.Delivery;
using Tidings.PubSub;

namespace Tidings.Host.Tests.Configuration;

/// <summary>The Tidings:PubSub section: its defaults are the engine's, and it comes from the file, the environment and the command line.</summary>
public sealed class PubSubSectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string?> _environment = new() { ["HOME"] = "/home/tester" };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_NothingSet_GivesTheEngineDefaults()
    {
        var engine = Load().PubSub.ToEngineOptions(EndpointAllowList.AllowAll);
        var defaults = new PubSubOptions();

        Assert.Equal(defaults.PullWaitTime, engine.PullWaitTime);
        Assert.Equal(defaults.StreamMaxLifetime, engine.StreamMaxLifetime);
        Assert.Equal(defaults.AckCheckpointInterval, engine.AckCheckpointInterval);
        Assert.Equal(defaults.ExpirySweepInterval, engine.ExpirySweepInterval);
        Assert.Equal(defaults.EnforceLimits, engine.EnforceLimits);
    }

    [Fact]
    public void Load_FileSection_IsBound()
    {
        _dir.Write("tidings.json", """
            { "Tidings": { "PubSub": { "PullWaitMs": 2500, "StreamLifetimeSeconds": 60, "AckCheckpointIntervalMs": 20, "ExpirySweepIntervalSeconds": 300, "EnforceLimits": false } } }
            """);

        var engine = Load().PubSub.ToEngineOptions(EndpointAllowList.AllowAll);

        Assert.Equal(TimeSpan.FromMilliseconds(2500), engine.PullWaitTime);
        Assert.Equal(TimeSpan.FromSeconds(60), engine.StreamMaxLifetime);
        Assert.Equal(TimeSpan.FromMilliseconds(20), engine.AckCheckpointInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), engine.ExpirySweepInterval);
        Assert.False(engine.EnforceLimits);
    }

    [Fact]
    public void Load_CommandLineBeatsEnvironmentBeatsFile()
    {
        _dir.Write("tidings.json", """{ "Tidings": { "PubSub": { "PullWaitMs": 1, "StreamLifetimeSeconds": 1, "AckCheckpointIntervalMs": 1 } } }""");
        _environment["TIDINGS_PUBSUB_STREAM_LIFETIME_SECONDS"] = "2";
        _environment["TIDINGS_PUBSUB_ACK_CHECKPOINT_INTERVAL_MS"] = "2";

        var pubSub = Load("--pubsub-ack-checkpoint-interval-ms", "3").PubSub;

        Assert.Equal(1, pubSub.PullWaitMs);
        Assert.Equal(2, pubSub.StreamLifetimeSeconds);
        Assert.Equal(3, pubSub.AckCheckpointIntervalMs);
    }

    [Fact]
    public void Load_EnforceLimitsFlag_FalseFromEnvironment_BareFlagTrue()
    {
        _environment["TIDINGS_PUBSUB_ENFORCE_LIMITS"] = "false";

        Assert.False(Load().PubSub.EnforceLimits);
        Assert.True(Load("--pubsub-enforce-limits").PubSub.EnforceLimits);
        Assert.False(Load("--pubsub-enforce-limits=false").PubSub.EnforceLimits);
    }

    [Fact]
    public void Load_UnknownKeyInTheSection_IsAnError()
    {
        _dir.Write("tidings.json", """{ "Tidings": { "PubSub": { "PullWait": 5 } } }""");

        var error = Assert.Throws<TidingsConfigurationException>(() => Load());
        Assert.Contains("PullWait", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--pubsub-pull-wait-ms", "-1", "PubSub:PullWaitMs -1 must not be negative")]
    [InlineData("--pubsub-stream-lifetime-seconds", "0", "PubSub:StreamLifetimeSeconds 0 must be positive")]
    [InlineData("--pubsub-ack-checkpoint-interval-ms", "0", "PubSub:AckCheckpointIntervalMs 0 must be positive")]
    [InlineData("--pubsub-expiry-sweep-interval-seconds", "0", "PubSub:ExpirySweepIntervalSeconds 0 must be positive")]
    public void Validate_OutOfRange_FailsNamingTheSetting(string option, string value, string expected)
    {
        var result = new TidingsOptionsValidator().Validate(name: null, Load(option, value));

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
        Assert.Contains(option, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PullWaitZero_MeansAnswerAtOnce()
    {
        Assert.True(new TidingsOptionsValidator().Validate(name: null, Load("--pubsub-pull-wait-ms", "0")).Succeeded);
    }

    private TidingsOptions Load(params string[] args) =>
        TidingsOptionsLoader.Load(CommandLineArguments.Parse(args), _environment, _dir.Path);
}
