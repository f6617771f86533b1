using Microsoft.Extensions.Logging;

namespace Tidings.Cluster;

/// <summary>Log events of the schema change notifications between nodes: event ids 260-269 of the cluster's range.</summary>
internal static partial class SchemaChangeLog
{
    [LoggerMessage(EventId = 260, Level = LogLevel.Information,
        Message = "Node {NodeId} listens for schema changes on PostgreSQL channel {Channel}")]
    public static partial void Listening(ILogger logger, string nodeId, string channel);

    [LoggerMessage(EventId = 261, Level = LogLevel.Warning,
        Message = "Node {NodeId} cannot listen for schema changes ({Reason}); it reloads every schema once it listens again, and meanwhile reads a schema it misses from the database")]
    public static partial void ListenFailed(ILogger logger, string nodeId, string reason);

    [LoggerMessage(EventId = 262, Level = LogLevel.Warning,
        Message = "The change of schema {Schema} is stored, but could not be announced to the other nodes ({Reason}); they read it when they miss it or listen again")]
    public static partial void NotifyFailed(ILogger logger, string schema, string reason);

    [LoggerMessage(EventId = 263, Level = LogLevel.Debug, Message = "Node {NodeId} reloads schema {Schema}, changed on another node")]
    public static partial void Reloading(ILogger logger, string nodeId, string schema);
}
