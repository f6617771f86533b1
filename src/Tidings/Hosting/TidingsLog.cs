using Microsoft.Extensions.Logging;
using Tidings.Configuration;

namespace Tidings.Hosting;

/// <summary>Log events of the server executable. Event ids 1-999 (docs/architecture.md) are stable: add, never renumber.</summary>
internal static partial class TidingsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Effective settings: Host={Host} Port={Port} Store={Store} DataDir={DataDir} InMemory={InMemory} LogFormat={LogFormat} OtlpEndpoint={OtlpEndpoint}")]
    private static partial void EffectiveOptions(ILogger logger, string host, int port, StoreKind store, string dataDir, bool inMemory, LogFormat logFormat, string otlpEndpoint);

    // The PostgreSQL connection string is logged by the cluster (event 200), without its password.
    public static void EffectiveOptions(ILogger logger, TidingsOptions options) =>
        EffectiveOptions(logger, options.Host, options.Port, options.EffectiveStore, options.DataDir, options.InMemory, options.LogFormat,
            options.OtlpEndpoint.Length > 0 ? options.OtlpEndpoint : "none");

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Tidings listening on {Endpoint}: gRPC over HTTP/2 and REST over HTTP/1.1, {Transport}")]
    public static partial void Listening(ILogger logger, string endpoint, string transport);

    [LoggerMessage(EventId = 3, Level = LogLevel.Critical, Message = "Tidings failed")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Connection {ConnectionId} speaks {Protocol}")]
    public static partial void ConnectionProtocolDetected(ILogger logger, string connectionId, ConnectionProtocol protocol);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} dropped before its protocol was known: {Reason}")]
    public static partial void ConnectionDroppedBeforeProtocol(ILogger logger, string connectionId, string reason);
}
