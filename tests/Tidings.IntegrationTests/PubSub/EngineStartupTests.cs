using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.PubSub;

/// <summary>
/// AddPubSub's start-up service opens the engine as the host starts, before the port is bound, and logs what it
/// recovered and the settings it runs with; the host itself no longer reaches for the engine to make it recover.
/// </summary>
public sealed class EngineStartupTests(LogRecordingServerFixture server) : IClassFixture<LogRecordingServerFixture>
{
    [Fact]
    public void Start_OpensTheEngineBeforeListening_AndLogsItsSettings()
    {
        var entries = server.Logs.Entries.ToList();
        var opened = entries.FindIndex(e => e.EventId.Id == 1301);
        var listening = entries.FindIndex(e => e.Message.StartsWith("Now listening on", StringComparison.Ordinal));

        Assert.True(opened >= 0, "the engine logged its opening");
        Assert.True(listening >= 0, "the server logged its address");
        Assert.True(opened < listening, "the engine opened before the server listened");
        var message = entries[opened].Message;
        Assert.Contains($"PullWait={server.PubSubOptions.PullWaitTime}", message, StringComparison.Ordinal);
        Assert.Contains($"StreamMaxLifetime={server.PubSubOptions.StreamMaxLifetime}", message, StringComparison.Ordinal);
        Assert.Contains($"AckCheckpointInterval={server.PubSubOptions.AckCheckpointInterval}", message, StringComparison.Ordinal);
    }
}
