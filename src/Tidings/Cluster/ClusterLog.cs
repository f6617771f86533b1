using Microsoft.Extensions.Logging;

namespace Tidings.Cluster;

/// <summary>Log events of cluster mode: event ids 200-299 of the executable's range (docs/architecture.md).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "Cluster node {NodeId} joins at {AdvertiseUrl} on PostgreSQL {Postgres}; heartbeat {Heartbeat}")]
    public static partial void Joining(ILogger logger, string nodeId, string advertiseUrl, string postgres, TimeSpan heartbeat);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information,
        Message = "Node {NodeId} holds the lock of {Unit}; it opens its engine after a grace of {Grace}")]
    public static partial void WonLock(ILogger logger, string nodeId, string unit, TimeSpan grace);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information,
        Message = "Node {NodeId} owns {Unit} (epoch {Epoch}) at {Url}; its engine opened in {ElapsedMs} ms")]
    public static partial void Owning(ILogger logger, string nodeId, string unit, long epoch, string url, long elapsedMs);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information,
        Message = "Node {OwnerId} owns {Unit} (epoch {Epoch}) at {Url}; node {NodeId} forwards its requests there")]
    public static partial void Following(ILogger logger, string ownerId, string unit, long epoch, string url, string nodeId);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning,
        Message = "No node owns {Unit}; node {NodeId} answers its requests UNAVAILABLE until one does")]
    public static partial void NoOwner(ILogger logger, string unit, string nodeId);

    [LoggerMessage(EventId = 205, Level = LogLevel.Critical,
        Message = "Node {NodeId} lost the PostgreSQL session holding its unit locks ({Units}); another node may own them already, so it stops at once (exit code {ExitCode})")]
    public static partial void LostLock(ILogger logger, Exception exception, string nodeId, string units, int exitCode);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning,
        Message = "Node {NodeId} cannot reach PostgreSQL for the cluster ({Reason}); it retries every heartbeat")]
    public static partial void DatabaseUnreachable(ILogger logger, string nodeId, string reason);

    [LoggerMessage(EventId = 207, Level = LogLevel.Critical, Message = "The engine of {Unit} could not open on node {NodeId}")]
    public static partial void EngineFailed(ILogger logger, Exception exception, string unit, string nodeId);

    [LoggerMessage(EventId = 208, Level = LogLevel.Debug,
        Message = "Cluster clock: the database's clock is {OffsetMs} ms ahead of this node's (round trip {RoundTripMs} ms)")]
    public static partial void ClockOffset(ILogger logger, double offsetMs, double roundTripMs);

    [LoggerMessage(EventId = 209, Level = LogLevel.Debug,
        Message = "Forwarding {Method} {Path} to the owner {Url} ended on the client's side: {Error}")]
    public static partial void ForwardFailed(ILogger logger, Exception? exception, string method, string path, string url, string error);

    [LoggerMessage(EventId = 210, Level = LogLevel.Debug,
        Message = "Node {NodeId} could not reach {Unit}'s owner to compose the console overview: {Reason}")]
    public static partial void OverviewPartFailed(ILogger logger, string nodeId, string unit, string reason);

    [LoggerMessage(EventId = 211, Level = LogLevel.Information,
        Message = "Pub/Sub cell {Cell} of {Cells} opened in {ElapsedMs} ms: {TopicCount} topics, {SubscriptionCount} subscriptions. Settings: PullWait={PullWait} StreamMaxLifetime={StreamMaxLifetime} AckCheckpointInterval={AckCheckpointInterval} ExpirySweepInterval={ExpirySweepInterval} EnforceLimits={EnforceLimits}")]
    public static partial void CellOpened(ILogger logger, int cell, int cells, int topicCount, int subscriptionCount, long elapsedMs,
        TimeSpan pullWait, TimeSpan streamMaxLifetime, TimeSpan ackCheckpointInterval, TimeSpan expirySweepInterval, bool enforceLimits);

    [LoggerMessage(EventId = 212, Level = LogLevel.Critical,
        Message = "Node {NodeId} splits Pub/Sub into {Cells} cells, but the cluster's database is set up for {Agreed}: every node must have the same count, and a database keeps the one it started with")]
    public static partial void CellsDisagree(ILogger logger, string nodeId, int cells, int agreed);

    [LoggerMessage(EventId = 213, Level = LogLevel.Information,
        Message = "Node {NodeId} hands {Unit} back for a node with fewer units ({Mine} here, {Fewest} on the least busy); its requests wait for the next owner")]
    public static partial void HandingBack(ILogger logger, string nodeId, string unit, int mine, int fewest);

    [LoggerMessage(EventId = 214, Level = LogLevel.Information,
        Message = "Node {NodeId} handed {Unit} back: its engine closed in {ElapsedMs} ms and its lock is free")]
    public static partial void HandedBack(ILogger logger, string nodeId, string unit, long elapsedMs);

    [LoggerMessage(EventId = 215, Level = LogLevel.Warning,
        Message = "Node {NodeId} closes {Unit} with {InFlight} requests still in flight after {Timeout}: they end with an error, and their clients retry")]
    public static partial void HandbackDrainTimedOut(ILogger logger, string nodeId, string unit, int inFlight, TimeSpan timeout);

    [LoggerMessage(EventId = 216, Level = LogLevel.Information,
        Message = "Node {NodeId} won the lock of {Unit}, given up by its last owner (handed back, or left at a graceful stop): it opens at once, without the grace")]
    public static partial void WonReleasedLock(ILogger logger, string nodeId, string unit);

    [LoggerMessage(EventId = 217, Level = LogLevel.Warning,
        Message = "Node {NodeId} cannot listen for changes of owner ({Reason}); it learns them at its heartbeats until it listens again")]
    public static partial void OwnersListenFailed(ILogger logger, string nodeId, string reason);

    [LoggerMessage(EventId = 218, Level = LogLevel.Warning,
        Message = "Forwarding {Method} {Path} to the owner {Url} failed: {Error}")]
    public static partial void OwnerFailed(ILogger logger, Exception? exception, string method, string path, string url, string error);
}
