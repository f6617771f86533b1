using Microsoft.AspNetCore.Http;

namespace Tidings.Api.Rest;

/// <summary>
/// REST bodies are JSON whatever the request says: <c>curl -d</c> labels its body form-urlencoded, and gRPC JSON
/// transcoding would refuse it. gRPC requests are left alone.
/// </summary>
internal sealed class RestJsonContentTypeMiddleware(RequestDelegate next)
{
    private const string Json = "application/json";

    public Task InvokeAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (contentType is null
            || (!contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
                && !contentType.StartsWith(Json, StringComparison.OrdinalIgnoreCase)))
        {
            context.Request.ContentType = Json;
        }
        return next(context);
    }
}
