using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Tidings.Api.Rest;

/// <summary>
/// Lets REST calls name field-mask paths by proto field name (<c>"updateMask":"ack_deadline_seconds"</c>), as the
/// Node clients' REST fallback sends them and Google accepts; transcoding alone refuses anything but
/// lowerCamelCase. Only requests whose message can hold a field mask are read (Update calls), in the body or in
/// the query. Needs the matched endpoint, so it runs after routing; bodies are already within the size limit.
/// </summary>
internal sealed class RestFieldMaskMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is { } transcoding
            && FieldMaskPaths.CanHoldFieldMask(transcoding.MethodDescriptor.InputType))
        {
            var input = transcoding.MethodDescriptor.InputType;
            RewriteQuery(context.Request, input);
            if (BodyType(input, transcoding.HttpRule.Body) is { } bodyType && FieldMaskPaths.CanHoldFieldMask(bodyType))
            {
                await RewriteBodyAsync(context, bodyType).ConfigureAwait(false);
            }
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The message the body holds: the request for <c>*</c>, the named field's message, or none.</summary>
    private static MessageDescriptor? BodyType(MessageDescriptor input, string body) => body switch
    {
        "" => null,
        "*" => input,
        _ => input.FindFieldByName(body) is { FieldType: FieldType.Message, IsRepeated: false } field ? field.MessageType : null,
    };

    private static void RewriteQuery(HttpRequest request, MessageDescriptor input)
    {
        Dictionary<string, StringValues>? rewritten = null;
        foreach (var (key, values) in request.Query)
        {
            if (FieldMaskPaths.NamesFieldMask(input, key))
            {
                rewritten ??= request.Query.ToDictionary(pair => pair.Key, pair => pair.Value);
                rewritten[key] = new StringValues([.. values.Select(value => value is null ? null : FieldMaskPaths.ToJsonPaths(value))]);
            }
        }
        if (rewritten is not null)
        {
            request.Query = new QueryCollection(rewritten);
        }
    }

    private static async Task RewriteBodyAsync(HttpContext context, MessageDescriptor bodyType)
    {
        var request = context.Request;
        using var original = new MemoryStream();
        await request.Body.CopyToAsync(original, context.RequestAborted).ConfigureAwait(false);
        byte[] body = original.ToArray();
        try
        {
            if (body.Length > 0 && JsonNode.Parse(body) is JsonObject json && FieldMaskPaths.Rewrite(json, bodyType))
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
