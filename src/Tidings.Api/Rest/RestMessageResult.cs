using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Tidings.Api.Rest;

/// <summary>
/// A message answered by a REST route written by hand, in Google's JSON as transcoding writes it: lowerCamelCase
/// names, fields at their default value left out, no insignificant whitespace; enums as numbers when
/// <paramref name="integerEnums"/> (the call asked with <c>$alt=json;enum-encoding=int</c>).
/// </summary>
internal sealed class RestMessageResult(IMessage message, bool integerEnums = false) : IResult
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    /// <summary>Google.Protobuf spaces its output; this writes it compact, non-ASCII text as it is.</summary>
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var node = JsonNode.Parse(Formatter.Format(message));
        if (integerEnums && node is JsonObject fields)
        {
            EnumsToNumbers.Rewrite(fields, message.Descriptor);
        }
        var json = node?.ToJsonString(Compact) ?? "{}";
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        return httpContext.Response.WriteAsync(json, httpContext.RequestAborted);
    }
}
