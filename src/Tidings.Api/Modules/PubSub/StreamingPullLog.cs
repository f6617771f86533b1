using Microsoft.Extensions.Logging;

namespace Tidings.Api.Modules.PubSub;

/// <summary>Log events of StreamingPull streams. Event ids are stable (range in docs/architecture.md): add, never renumber.</summary>
internal static partial class StreamingPullLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "StreamingPull on {Subscription} ended by the client")]
    public static partial void EndedByClient(ILogger logger, string subscription, Exception exception);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug, Message = "StreamingPull on {Subscription} ended before an exactly-once confirmation was sent")]
    public static partial void ConfirmationNotSent(ILogger logger, string subscription, Exception exception);
}
