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
        Results.Json(new { error = new { code = HttpStatus(code), message, status = StatusName(code) } }, statusCode: HttpStatus(code));

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

    public static int HttpStatus(ErrorCode code) => code switch
    {
        ErrorCode.Cancelled => 499,
        ErrorCode.InvalidArgument or ErrorCode.FailedPrecondition or ErrorCode.OutOfRange => 400,
        ErrorCode.Unauthenticated => 401,
        ErrorCode.PermissionDenied => 403,
        ErrorCode.NotFound => 404,
        ErrorCode.AlreadyExists or ErrorCode.Aborted => 409,
        ErrorCode.ResourceExhausted => 429,
        ErrorCode.Unimplemented => 501,
        ErrorCode.Unavailable => 503,
        ErrorCode.DeadlineExceeded => 504,
        _ => 500,
    };

    /// <summary>google.rpc.Code names: InvalidArgument → INVALID_ARGUMENT.</summary>
    public static string StatusName(ErrorCode code)
    {
        var name = code.ToString();
        var snake = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                snake.Append('_');
            }
            snake.Append(char.ToUpperInvariant(name[i]));
        }
        return snake.ToString();
    }
}
