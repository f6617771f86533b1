using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tidings.Api.Rest;

/// <summary>
/// Refuses REST bodies over <see cref="RequestPayloadLimit.MaxBytes"/> with INVALID_ARGUMENT (HTTP 400), as Google
/// does. A declared Content-Length is refused unread; a chunked body is read up to the limit and handed on from
/// memory. The refusal is written as transcoding writes errors (a bare <c>google.rpc.Status</c>), so
/// <see cref="GoogleRestErrorMiddleware"/>, which must run outside this one, gives it Google's shape.
/// gRPC requests are left alone (see <c>GrpcRequestSizeLimitMiddleware</c>).
/// </summary>
internal sealed class RestRequestSizeLimitMiddleware(RequestDelegate next)
{
    private const int ChunkBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true
            || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (request.ContentLength > RequestPayloadLimit.MaxBytes)
        {
            await RefuseAsync(context).ConfigureAwait(false);
            return;
        }
        if (request.ContentLength is null)
        {
            var buffered = await BufferWithinLimitAsync(request.Body, context.RequestAborted).ConfigureAwait(false);
            if (buffered is null)
            {
                await RefuseAsync(context).ConfigureAwait(false);
                return;
            }
            context.Response.RegisterForDispose(buffered);
            request.Body = buffered;
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The whole body in memory, or null as soon as it passes the limit.</summary>
    private static async Task<MemoryStream?> BufferWithinLimitAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffered = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffered.Length + read > RequestPayloadLimit.MaxBytes)
                {
                    await buffered.DisposeAsync().ConfigureAwait(false);
                    return null;
                }
                buffered.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        buffered.Position = 0;
        return buffered;
    }

    private static async Task RefuseAsync(HttpContext context)
    {
        var status = new JsonObject
        {
            ["code"] = (int)StatusCode.InvalidArgument,
            ["message"] = RequestPayloadLimit.Message,
        };
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(status), context.RequestAborted).ConfigureAwait(false);
    }
}
