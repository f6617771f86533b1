using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;

namespace Tidings.Api.Rest;

/// <summary>
/// Answers enums as numbers for a REST call that asks with Google's system parameter
/// <c>$alt=json;enum-encoding=int</c> (the Node clients' REST fallback sends it on every call); without it they
/// stay names. Transcoding writes names for every call, so a successful response of such a call is rewritten
/// with the response message's descriptor; responses whose type holds no enum (pulls) pass straight through.
/// Requests may carry either form: transcoding reads both.
/// Needs the matched endpoint, so it runs after routing.
/// </summary>
internal sealed class RestEnumEncodingMiddleware(RequestDelegate next)
{
    private static readonly string[] AltParameterNames = ["$alt", "alt"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!AsksForIntegerEnums(context.Request.Query)
            || ResponseType(context.GetEndpoint()) is not { } responseType
            || !EnumsToNumbers.CanHoldEnums(responseType))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        using var response = await CapturedResponse.CaptureAsync(context, next).ConfigureAwait(false);
        if (response.StatusCode is >= 200 and < 300 && !response.Body.IsEmpty && JsonNode.Parse(response.Body.Span) is JsonObject message)
        {
            EnumsToNumbers.Rewrite(message, responseType);
            await response.SendRewrittenAsync(JsonSerializer.SerializeToUtf8Bytes(message)).ConfigureAwait(false);
            return;
        }
        await response.SendAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// True for <c>$alt</c> (or <c>alt</c>) = <c>json;enum-encoding=int</c>: a media type, then <c>;</c>-separated
    /// parameters. Clients send the <c>;</c> percent-encoded; the query is decoded by then.
    /// </summary>
    internal static bool AsksForIntegerEnums(IQueryCollection query)
    {
        foreach (var key in AltParameterNames)
        {
            foreach (var value in query[key])
            {
                var parameters = value?.Split(';', StringSplitOptions.TrimEntries) ?? [];
                if (parameters.Skip(1).Any(p => string.Equals(p, "enum-encoding=int", StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The message a transcoded endpoint answers with: the response, or the field its rule names as body.</summary>
    private static MessageDescriptor? ResponseType(Endpoint? endpoint)
    {
        if (endpoint?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not { } transcoding)
        {
            return null;
        }
        var output = transcoding.MethodDescriptor.OutputType;
        var responseBody = transcoding.HttpRule.ResponseBody;
        if (string.IsNullOrEmpty(responseBody))
        {
            return output;
        }
        return output.FindFieldByName(responseBody) is { FieldType: FieldType.Message, IsRepeated: false } field ? field.MessageType : null;
    }
}
