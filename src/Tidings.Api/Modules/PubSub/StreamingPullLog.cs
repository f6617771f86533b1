using Microsoft.Extensions.Logging;

namespace Tidings.Api.Modules.PubSub;

/// <summary>Log events of StreamingPull streams. Event ids are stable (range in docs/architecture.md): add, never renumber.</summary>
internal static partial class StreamingPullLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "StreamingPull on {Subscription} ended by the client")]
    public static partial void EndedByClient(ILogger logger, string subscription, Exception exception);
}
