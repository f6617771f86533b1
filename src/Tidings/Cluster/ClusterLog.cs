using Microsoft.Extensions.Logging;

namespace Tidings.Cluster;

/// <summary>Log events of cluster mode: event ids 200-299 of the executable's range (docs/architecture.md).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "Cluster node {NodeId} joins at {AdvertiseUrl} on PostgreSQL {Postgres}; heartbeat {Heartbeat}")]
    public static partial void Joining(ILogger logger, string nodeId, string advertiseUrl, string postgres, TimeSpan heartbeat);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information,
        Message = "Node {NodeId} holds the leadership lock; it opens the engines after a grace of {Grace}")]
    public static partial void WonLock(ILogger logger, string nodeId, TimeSpan grace);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information,
        Message = "Node {NodeId} leads the cluster (epoch {Epoch}) at {Url}; engines opened in {ElapsedMs} ms")]
    public static partial void Leading(ILogger logger, string nodeId, long epoch, string url, long elapsedMs);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information,
        Message = "Node {LeaderId} leads the cluster (epoch {Epoch}) at {Url}; node {NodeId} forwards to it")]
    public static partial void Following(ILogger logger, string leaderId, long epoch, string url, string nodeId);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning,
        Message = "No node leads the cluster; node {NodeId} answers UNAVAILABLE until one does")]
    public static partial void NoLeader(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 205, Level = LogLevel.Critical,
        Message = "Leader {NodeId} lost the PostgreSQL session holding the cluster lock; another node may lead already, so it stops at once (exit code {ExitCode})")]
    public static partial void LostLock(ILogger logger, Exception exception, string nodeId, int exitCode);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning,
        Message = "Node {NodeId} cannot reach PostgreSQL for the cluster ({Reason}); it retries every heartbeat")]
    public static partial void DatabaseUnreachable(ILogger logger, string nodeId, string reason);

    [LoggerMessage(EventId = 207, Level = LogLevel.Critical, Message = "The engines could not open on the new leader {NodeId}")]
    public static partial void EnginesFailed(ILogger logger, Exception exception, string nodeId);

    [LoggerMessage(EventId = 208, Level = LogLevel.Debug,
        Message = "Cluster clock: the database's clock is {OffsetMs} ms ahead of this node's (round trip {RoundTripMs} ms)")]
    public static partial void ClockOffset(ILogger logger, double offsetMs, double roundTripMs);

    [LoggerMessage(EventId = 209, Level = LogLevel.Debug,
        Message = "Forwarding {Method} {Path} to the leader {Url} failed: {Error}")]
    public static partial void ForwardFailed(ILogger logger, Exception? exception, string method, string path, string url, string error);
}
