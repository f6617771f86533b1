using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace Tidings.Api.Rest;

/// <summary>
/// Rewrites enum names in a message's proto3 JSON to their numbers, walking the JSON with the message's descriptor:
/// singular, repeated and map-valued enums at any depth. Well-known types are left as they are: none of them
/// carries an enum in its JSON form (<c>NullValue</c> is written as <c>null</c>).
/// </summary>
internal static class EnumsToNumbers
{
    private static readonly ConcurrentDictionary<MessageDescriptor, bool> MayHoldEnums = new();

    /// <summary>
    /// True when a message of this type can carry an enum anywhere inside it (cached per type); a pull response,
    /// say, cannot, so it needs no rewriting.
    /// </summary>
    public static bool CanHoldEnums(MessageDescriptor descriptor) =>
        MayHoldEnums.GetOrAdd(descriptor, static d => Reaches(d, []));

    public static void Rewrite(JsonObject json, MessageDescriptor descriptor)
    {
        if (IsWellKnown(descriptor))
        {
            return;
        }
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (json[field.JsonName] is not { } value || !CanHoldEnums(field))
            {
                continue;
            }
            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                if (value is JsonObject map && CanHoldEnums(valueField))
                {
                    foreach (var key in map.Select(entry => entry.Key).ToArray())
                    {
                        if (Rewrite(map[key], valueField) is { } number)
                        {
                            map[key] = number;
                        }
                    }
                }
            }
            else if (field.IsRepeated)
            {
                if (value is JsonArray array)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (Rewrite(array[i], field) is { } number)
                        {
                            array[i] = number;
                        }
                    }
                }
            }
            else if (Rewrite(value, field) is { } number)
            {
                json[field.JsonName] = number;
            }
        }
    }

    /// <summary>
    /// One value of <paramref name="field"/>: the number to put in place of an enum name, or null when the value
    /// stays (a nested message is rewritten in place; a number or unknown name is kept).
    /// </summary>
    private static JsonValue? Rewrite(JsonNode? value, FieldDescriptor field)
    {
        if (field.FieldType == FieldType.Enum)
        {
            return value is JsonValue name && name.TryGetValue<string>(out var text) && field.EnumType.FindValueByName(text) is { } known
                ? JsonValue.Create(known.Number)
                : null;
        }
        if (value is JsonObject nested)
        {
            Rewrite(nested, field.MessageType);
        }
        return null;
    }

    private static bool CanHoldEnums(FieldDescriptor field) => field.FieldType is FieldType.Enum or FieldType.Message or FieldType.Group;

    private static bool IsWellKnown(MessageDescriptor descriptor) =>
        descriptor.File.Package == "google.protobuf";

    private static bool Reaches(MessageDescriptor descriptor, HashSet<MessageDescriptor> visited)
    {
        if (!visited.Add(descriptor) || IsWellKnown(descriptor))
        {
            return false;
        }
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType == FieldType.Enum
                || ((field.FieldType is FieldType.Message or FieldType.Group) && Reaches(field.MessageType, visited)))
            {
                return true;
            }
        }
        return false;
    }
}
