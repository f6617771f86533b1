using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Tidings.Bootstrap;

/// <summary>
/// Which of the fields a declaration sets differ from the resource as it is. Only what the declaration writes is
/// compared, down to the leaves of nested objects, so the defaults the server fills in (a queue's retry config, a
/// subscription's expiration policy) do not count as changes and an unchanged resource is left alone.
/// </summary>
internal static class DeclaredChanges
{
    /// <returns>The top-level fields (proto names, as an update mask names them) whose declared values differ; never <c>name</c>.</returns>
    public static IReadOnlyList<string> Find(JsonObject declaredJson, IMessage declared, IMessage current)
    {
        var changed = new List<string>();
        foreach (var (key, node) in declaredJson)
        {
            var field = FindField(declared.Descriptor, key);
            if (field is null || field.Name == "name")
            {
                continue;
            }
            if (!Same(field, node, declared, current))
            {
                changed.Add(field.Name);
            }
        }
        return changed;
    }

    private static bool Same(FieldDescriptor field, JsonNode? node, IMessage declared, IMessage current)
    {
        var want = field.Accessor.GetValue(declared);
        var have = field.Accessor.GetValue(current);
        if (field.FieldType != FieldType.Message || field.IsRepeated || field.IsMap)
        {
            return Equals(want, have);
        }

        // An unset message field reads as null; compare it as the empty message the JSON would give.
        var wantMessage = (IMessage?)want ?? Empty(field.MessageType);
        var haveMessage = (IMessage?)have ?? Empty(field.MessageType);
        if (node is not JsonObject { Count: > 0 } nested || IsWellKnown(field.MessageType))
        {
            return wantMessage.Equals(haveMessage);
        }

        foreach (var (key, child) in nested)
        {
            var inner = FindField(field.MessageType, key);
            if (inner is not null && !Same(inner, child, wantMessage, haveMessage))
            {
                return false;
            }
        }
        return true;
    }

    // The proto JSON parser accepts both the camelCase JSON name and the proto name; so does this.
    private static FieldDescriptor? FindField(MessageDescriptor message, string key) =>
        message.FindFieldByName(key) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == key);

    private static IMessage Empty(MessageDescriptor type) => type.Parser.ParseFrom(ByteString.Empty);

    private static bool IsWellKnown(MessageDescriptor type) => type.File.Package == "google.protobuf";
}
