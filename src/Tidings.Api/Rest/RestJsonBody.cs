using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;

namespace Tidings.Api.Rest;

/// <summary>Rewrites a REST request's JSON body in place before transcoding reads it.</summary>
internal static class RestJsonBody
{
    /// <summary>
    /// The message a request's body holds under its HTTP rule's <c>body</c>: the request for <c>*</c>, the named
    /// field's message, or none.
    /// </summary>
    public static MessageDescriptor? MessageOf(MessageDescriptor input, string body) => body switch
    {
        "" => null,
        "*" => input,
        _ => input.FindFieldByName(body) is { FieldType: FieldType.Message, IsRepeated: false } field ? field.MessageType : null,
    };

    /// <summary>
    /// Reads the body; when it is a JSON object and <paramref name="rewrite"/> changed it, the changed form replaces
    /// it. A body that is not JSON is left as it is, for transcoding to refuse with its own error.
    /// </summary>
    public static async Task RewriteAsync(HttpContext context, Func<JsonObject, bool> rewrite)
    {
        var request = context.Request;
        using var original = new MemoryStream();
        await request.Body.CopyToAsync(original, context.RequestAborted).ConfigureAwait(false);
        byte[] body = original.ToArray();
        try
        {
            if (body.Length > 0 && JsonNode.Parse(body) is JsonObject json && rewrite(json))
            {
                body = JsonSerializer.SerializeToUtf8Bytes(json);
            }
        }
        catch (JsonException)
        {
            // Not JSON: left for transcoding to refuse with its own error.
        }
        var replacement = new MemoryStream(body, writable: false);
        context.Response.RegisterForDispose(replacement);
        request.Body = replacement;
        request.ContentLength = body.Length;
    }
}
