using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Tidings.Api.Grpc;

/// <summary>
/// Refuses a unary gRPC request whose message is over <see cref="RequestPayloadLimit.MaxBytes"/> with
/// INVALID_ARGUMENT and Google's text, by peeking at the length prefix of its first frame before gRPC reads it.
/// Without this, a message over gRPC's own receive limit would be answered RESOURCE_EXHAUSTED while a smaller
/// oversized one gets INVALID_ARGUMENT. Streaming calls are left alone: their first message may come late.
/// Needs the matched endpoint, so it runs after routing.
/// </summary>
internal sealed class GrpcRequestSizeLimitMiddleware(RequestDelegate next)
{
    /// <summary>A gRPC frame starts with a compressed flag and a big-endian 32-bit message length.</summary>
    private const int FrameHeaderBytes = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true
            && context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.Type == MethodType.Unary
            && await PeekMessageLengthAsync(context).ConfigureAwait(false) > RequestPayloadLimit.MaxBytes)
        {
            Refuse(context.Response);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The declared length of the first message, leaving every byte for gRPC to read; null without one.</summary>
    private static async Task<uint?> PeekMessageLengthAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= FrameHeaderBytes)
            {
                Span<byte> header = stackalloc byte[FrameHeaderBytes];
                buffer.Slice(0, FrameHeaderBytes).CopyTo(header);
                reader.AdvanceTo(buffer.Start);
                return BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start);
                return null;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>A trailers-only response, as gRPC answers a call that fails before any message.</summary>
    private static void Refuse(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)StatusCode.InvalidArgument).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(RequestPayloadLimit.Message);
    }

    /// <summary>grpc-message is percent-encoded UTF-8: bytes outside printable ASCII, and '%' itself.</summary>
    private static string PercentEncode(string message)
    {
        var encoded = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }
        return encoded.ToString();
    }
}
