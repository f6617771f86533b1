using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Tidings.Kernel.Errors;

namespace Tidings.WebConsole.Api;

/// <summary>How the console API answers: camelCase JSON, errors in Google's REST shape.</summary>
internal static class ConsoleResults
{
    private static readonly JsonFormatter ProtoFormatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <summary>
    /// <c>{"error":{"code":404,"message":…,"status":"NOT_FOUND"}}</c> with the HTTP status Google uses for the code,
    /// so the page shows the engines' own texts.
    /// </summary>
    public static IResult Error(ErrorCode code, string message) =>
        Results.Json(new { error = new { code = GoogleCodes.HttpStatusOf(code), message, status = GoogleCodes.NameOf(code) } }, statusCode: GoogleCodes.HttpStatusOf(code));

    /// <summary>A Google message (queue, task, job) as Google's JSON: camelCase names, durations "5s", RFC 3339 times.</summary>
    public static JsonNode? Proto(IMessage message) => JsonNode.Parse(ProtoFormatter.Format(message));

    /// <summary>The UTF-8 text of message data, or null when it is not valid UTF-8 (the page then shows base64).</summary>
    public static string? Utf8OrNull(ReadOnlySpan<byte> data)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(data);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
