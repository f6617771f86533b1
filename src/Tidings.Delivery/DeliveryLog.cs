using Microsoft.Extensions.Logging;

namespace Tidings.Delivery;

/// <summary>
/// Log events of HTTP delivery, all per request and so at Debug. Event ids 3000-3999 (docs/architecture.md) are
/// stable: add, never renumber.
/// Endpoints are logged without their query string, which may carry secrets.
/// </summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug,
        Message = "POST {Endpoint} answered {StatusCode} in {LatencyMs} ms")]
    private static partial void Responded(ILogger logger, string endpoint, int statusCode, double latencyMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "POST {Endpoint} timed out after {LatencyMs} ms")]
    private static partial void TimedOut(ILogger logger, string endpoint, double latencyMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "POST {Endpoint} failed after {LatencyMs} ms: {Error}")]
    private static partial void ConnectionFailed(ILogger logger, string endpoint, double latencyMs, string error);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "POST {Endpoint} refused by the endpoint allow list")]
    private static partial void NotAllowed(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug,
        Message = "POST {Endpoint}: header {HeaderName} skipped, {Reason}")]
    private static partial void HeaderSkipped(ILogger logger, string endpoint, string headerName, string reason);

    public static void Result(ILogger logger, Uri endpoint, DeliveryResult result)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }
        var where = Redact(endpoint);
        var latencyMs = result.Latency.TotalMilliseconds;
        switch (result.Outcome)
        {
            case DeliveryOutcome.Responded:
                Responded(logger, where, result.StatusCode, latencyMs);
                break;
            case DeliveryOutcome.TimedOut:
                TimedOut(logger, where, latencyMs);
                break;
            case DeliveryOutcome.NotAllowed:
                NotAllowed(logger, where);
                break;
            default:
                ConnectionFailed(logger, where, latencyMs, result.Error ?? "");
                break;
        }
    }

    public static void HeaderSkipped(ILogger logger, Uri endpoint, string headerName, string reason)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            HeaderSkipped(logger, Redact(endpoint), headerName, reason);
        }
    }

    private static string Redact(Uri endpoint) =>
        endpoint.IsAbsoluteUri ? endpoint.GetLeftPart(UriPartial.Path) : endpoint.OriginalString;
}
