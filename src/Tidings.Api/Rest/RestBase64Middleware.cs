using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;

namespace Tidings.Api.Rest;

/// <summary>
/// Accepts <c>bytes</c> fields in URL-safe base64 (<c>-</c> and <c>_</c>, padding optional), as the proto3 JSON
/// mapping allows and Google accepts: gcloud sends message data, task bodies and the like that way, and
/// transcoding alone reads only the standard alphabet. Only bodies whose message has a bytes field somewhere are
/// read. Runs after routing, within the size limit.
/// </summary>
internal sealed class RestBase64Middleware(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<MessageDescriptor, bool> HoldsBytesCache = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is { } transcoding
            && RestJsonBody.MessageOf(transcoding.MethodDescriptor.InputType, transcoding.HttpRule.Body) is { } bodyType
            && HoldsBytes(bodyType))
        {
            await RestJsonBody.RewriteAsync(context, json => Rewrite(json, bodyType)).ConfigureAwait(false);
        }
        await next(context).ConfigureAwait(false);
    }

    /// <summary>Whether a message has a bytes field, directly or in a nested message, map value or list.</summary>
    internal static bool HoldsBytes(MessageDescriptor message) =>
        HoldsBytesCache.GetOrAdd(message, static m => HoldsBytes(m, []));

    private static bool HoldsBytes(MessageDescriptor message, HashSet<MessageDescriptor> seen)
    {
        if (!seen.Add(message))
        {
            return false;
        }
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.Bytes
                || (field.FieldType == FieldType.Message && !IsWellKnown(field.MessageType) && HoldsBytes(field.MessageType, seen)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Rewrites URL-safe base64 in the bytes fields of <paramref name="json"/>; true when anything changed.</summary>
    internal static bool Rewrite(JsonObject json, MessageDescriptor message)
    {
        var changed = false;
        foreach (var (name, value) in json.ToList())
        {
            if (value is null || FindField(message, name) is not { } field)
            {
                continue;
            }
            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                if (value is JsonObject entries)
                {
                    foreach (var (key, entry) in entries.ToList())
                    {
                        changed |= RewriteValue(entry, valueField, replace => entries[key] = replace);
                    }
                }
            }
            else if (field.IsRepeated && value is JsonArray items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    var index = i;
                    changed |= RewriteValue(items[i], field, replace => items[index] = replace);
                }
            }
            else
            {
                changed |= RewriteValue(value, field, replace => json[name] = replace);
            }
        }
        return changed;
    }

    private static bool RewriteValue(JsonNode? value, FieldDescriptor field, Action<JsonNode> replace)
    {
        switch (field.FieldType)
        {
            case FieldType.Bytes when value is JsonValue text && text.TryGetValue(out string? encoded) && ToStandard(encoded) is { } standard:
                replace(JsonValue.Create(standard));
                return true;
            case FieldType.Message when value is JsonObject nested && !IsWellKnown(field.MessageType):
                return Rewrite(nested, field.MessageType);
            default:
                return false;
        }
    }

    /// <summary>The standard, padded form of URL-safe or unpadded base64; null when it is standard already.</summary>
    internal static string? ToStandard(string encoded)
    {
        var urlSafe = encoded.AsSpan().IndexOfAny('-', '_') >= 0;
        var padding = (4 - (encoded.Length % 4)) % 4;
        if (!urlSafe && padding == 0)
        {
            return null;
        }
        var standard = urlSafe ? encoded.Replace('-', '+').Replace('_', '/') : encoded;
        return padding is 1 or 2 ? standard + new string('=', padding) : standard;
    }

    private static FieldDescriptor? FindField(MessageDescriptor message, string jsonName) =>
        message.Fields.InFieldNumberOrder().FirstOrDefault(f => f.JsonName == jsonName || f.Name == jsonName);

    /// <summary>Types with a JSON form of their own (Any, Struct, Timestamp…), never rewritten.</summary>
    private static bool IsWellKnown(MessageDescriptor message) => message.File.Package == "google.protobuf";
}
