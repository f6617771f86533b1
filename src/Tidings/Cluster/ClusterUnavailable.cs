using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tidings.Kernel.Errors;

namespace Tidings.Cluster;

/// <summary>
/// Answers a request this node cannot serve or forward with UNAVAILABLE, which Google's clients retry: for gRPC a
/// trailers-only response (HTTP 200 whose headers carry <c>grpc-status: 14</c>, no body), for REST 503 in Google's
/// <c>{"error":{…}}</c> shape.
/// </summary>
internal static class ClusterUnavailable
{
    public const string NoOwnerMessage = "No Tidings node runs this service yet; retry";
    public const string ForwardedTwiceMessage = "The request was forwarded to Tidings nodes that do not run this service; retry";

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static async Task WriteAsync(HttpContext context, string message)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }
        response.Clear();
        if (IsGrpc(context.Request))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ((int)ErrorCode.Unavailable).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return;
        }
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(JsonSerializer.Serialize(new
        {
            error = new { code = StatusCodes.Status503ServiceUnavailable, message, status = GoogleCodes.NameOf(ErrorCode.Unavailable) },
        }), context.RequestAborted).ConfigureAwait(false);
    }
}
