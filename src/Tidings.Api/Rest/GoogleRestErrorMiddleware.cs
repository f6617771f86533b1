using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Tidings.Api.Errors;

using Tidings.Kernel.Errors;

namespace Tidings.Api.Rest;

/// <summary>
/// gRPC JSON transcoding answers errors as a bare <c>google.rpc.Status</c> (<c>{"code":5,"message":…}</c>);
/// Google's REST APIs wrap it as <c>{"error":{"code":404,"message":…,"status":"NOT_FOUND"}}</c> with the HTTP
/// code, and its <c>details</c> (ErrorInfo, BadRequest…) as protobuf JSON. REST responses are buffered so error bodies
/// can be rewritten; gRPC calls pass straight through.
/// </summary>
internal sealed class GoogleRestErrorMiddleware(RequestDelegate next)
{
    private static readonly JsonParser DetailParser = new(JsonParser.Settings.Default.WithTypeRegistry(ApiErrors.DetailTypes));
    private static readonly JsonFormatter DetailFormatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(ApiErrors.DetailTypes));

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        using var response = await CapturedResponse.CaptureAsync(context, next).ConfigureAwait(false);
        if (response.StatusCode >= 400 && TryRewrite(response.Body.Span, response.StatusCode, out var rewritten))
        {
            await response.SendRewrittenAsync(rewritten).ConfigureAwait(false);
            return;
        }
        await response.SendAsync().ConfigureAwait(false);
    }

    private static bool TryRewrite(ReadOnlySpan<byte> body, int httpStatus, out byte[] rewritten)
    {
        rewritten = [];
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return false;
        }
        if (node is not JsonObject status || status["code"] is not JsonValue codeValue || !codeValue.TryGetValue<int>(out var code))
        {
            return false;
        }
        var error = new JsonObject
        {
            ["code"] = httpStatus,
            ["message"] = status["message"]?.GetValue<string>() ?? "",
            ["status"] = GoogleCodes.NameOf(code),
        };
        if (status["details"] is JsonArray { Count: > 0 } details)
        {
            error["details"] = new JsonArray([.. details.Select(AsGoogleJson)]);
        }
        rewritten = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["error"] = error });
        return true;
    }

    /// <summary>
    /// One detail (an <c>Any</c>) rewritten by Google.Protobuf's own formatter, so it reads as Google's JSON whatever
    /// the transcoding's response settings: <c>@type</c> first, fields at their default value left out.
    /// </summary>
    private static JsonNode? AsGoogleJson(JsonNode? detail)
    {
        if (detail is null)
        {
            return null;
        }
        try
        {
            var any = DetailParser.Parse<Any>(detail.ToJsonString());
            return JsonNode.Parse(DetailFormatter.Format(any));
        }
        catch (InvalidProtocolBufferException)
        {
            return detail.DeepClone();
        }
    }

}
