using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Tidings.Api.Rest;

/// <summary>
/// Field masks in request JSON written with proto field names (<c>"ack_deadline_seconds,labels"</c>), as the Node
/// clients' REST fallback writes them, rewritten to the lowerCamelCase JSON names transcoding insists on. Google
/// accepts both. Paths already in lowerCamelCase are left as they are.
/// </summary>
internal static class FieldMaskPaths
{
    private static readonly ConcurrentDictionary<MessageDescriptor, bool> MayHoldMasks = new();

    /// <summary>True when a message of this type can carry a field mask anywhere inside it (cached per type).</summary>
    public static bool CanHoldFieldMask(MessageDescriptor descriptor) =>
        MayHoldMasks.GetOrAdd(descriptor, static d => Reaches(d, []));

    /// <summary>Rewrites every field mask in <paramref name="json"/>, a message of this type; true if one changed.</summary>
    public static bool Rewrite(JsonObject json, MessageDescriptor descriptor)
    {
        var changed = false;
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType != FieldType.Message || (!CanHoldFieldMask(field.MessageType) && !IsFieldMask(field.MessageType)))
            {
                continue;
            }
            var key = json.ContainsKey(field.JsonName) ? field.JsonName : field.Name;
            switch (json[key])
            {
                case JsonValue value when IsFieldMask(field.MessageType) && value.TryGetValue<string>(out var paths):
                    var camel = ToJsonPaths(paths);
                    if (camel != paths)
                    {
                        json[key] = camel;
                        changed = true;
                    }
                    break;
                case JsonObject nested when field.IsMap:
                    var valueType = field.MessageType.FindFieldByNumber(2);
                    if (valueType.FieldType == FieldType.Message)
                    {
                        foreach (var (_, entry) in nested)
                        {
                            changed |= entry is JsonObject message && Rewrite(message, valueType.MessageType);
                        }
                    }
                    break;
                case JsonObject nested:
                    changed |= Rewrite(nested, field.MessageType);
                    break;
                case JsonArray array:
                    foreach (var element in array)
                    {
                        changed |= element is JsonObject message && Rewrite(message, field.MessageType);
                    }
                    break;
            }
        }
        return changed;
    }

    /// <summary>The field a dotted query parameter names (by JSON or proto names), if it is a field mask.</summary>
    public static bool NamesFieldMask(MessageDescriptor descriptor, string parameter)
    {
        var type = descriptor;
        var segments = parameter.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var field = type.FindFieldByName(segments[i]) ?? type.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == segments[i]);
            if (field is null || field.FieldType != FieldType.Message)
            {
                return false;
            }
            if (IsFieldMask(field.MessageType))
            {
                return i == segments.Length - 1;
            }
            type = field.MessageType;
        }
        return false;
    }

    /// <summary><c>ack_deadline_seconds,push_config.push_endpoint</c> → <c>ackDeadlineSeconds,pushConfig.pushEndpoint</c>.</summary>
    public static string ToJsonPaths(string paths)
    {
        if (!paths.Contains('_', StringComparison.Ordinal))
        {
            return paths;
        }
        var camel = new StringBuilder(paths.Length);
        var upperNext = false;
        foreach (var c in paths)
        {
            if (c == '_')
            {
                upperNext = true;
                continue;
            }
            camel.Append(upperNext && char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        return camel.ToString();
    }

    private static bool IsFieldMask(MessageDescriptor descriptor) => descriptor.FullName == FieldMask.Descriptor.FullName;

    private static bool Reaches(MessageDescriptor descriptor, HashSet<MessageDescriptor> visited)
    {
        if (!visited.Add(descriptor) || descriptor.File.Package == "google.protobuf")
        {
            return false;
        }
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType == FieldType.Message && (IsFieldMask(field.MessageType) || Reaches(field.MessageType, visited)))
            {
                return true;
            }
        }
        return false;
    }
}
