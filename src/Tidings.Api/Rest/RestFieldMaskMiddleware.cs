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
            if (RestJsonBody.MessageOf(input, transcoding.HttpRule.Body) is { } bodyType && FieldMaskPaths.CanHoldFieldMask(bodyType))
            {
                await RestJsonBody.RewriteAsync(context, json => FieldMaskPaths.Rewrite(json, bodyType)).ConfigureAwait(false);
            }
        }
        await next(context).ConfigureAwait(false);
    }

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
}
