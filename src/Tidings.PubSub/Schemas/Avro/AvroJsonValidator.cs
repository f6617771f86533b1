using System.Text.Json;
using Avro;

namespace Tidings.PubSub.Schemas.Avro;

/// <summary>
/// Checks that a JSON document is one value of an Avro schema in Avro's JSON encoding: records as objects (members
/// the schema does not name are ignored; a missing field needs a default), unions as <c>null</c> or a one-member
/// object keyed by the branch's type name, bytes and fixed as strings of code points up to U+00FF, enums by symbol.
/// </summary>
internal static class AvroJsonValidator
{
    public static string? Validate(global::Avro.Schema schema, ReadOnlySpan<byte> data) =>
        SchemaJson.Validate(data, schema, static (schema, root) => Value(schema, root, path: ""));

    private static string? Value(global::Avro.Schema schema, JsonElement value, string path)
    {
        switch (schema.Tag)
        {
            case global::Avro.Schema.Type.Null:
                return value.ValueKind == JsonValueKind.Null ? null : Expected("null", path);
            case global::Avro.Schema.Type.Boolean:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : Expected("boolean", path);
            case global::Avro.Schema.Type.Int:
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null : Expected("int", path);
            case global::Avro.Schema.Type.Long:
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _) ? null : Expected("long", path);
            case global::Avro.Schema.Type.Float:
            case global::Avro.Schema.Type.Double:
                return value.ValueKind == JsonValueKind.Number ? null : Expected(schema.Tag == global::Avro.Schema.Type.Float ? "float" : "double", path);
            case global::Avro.Schema.Type.String:
                return value.ValueKind == JsonValueKind.String ? null : Expected("string", path);
            case global::Avro.Schema.Type.Bytes:
                return ByteString(value, size: null, path);
            case global::Avro.Schema.Type.Fixed:
                return ByteString(value, ((FixedSchema)schema).Size, path);
            case global::Avro.Schema.Type.Enumeration:
                var symbols = (EnumSchema)schema;
                return value.ValueKind != JsonValueKind.String ? Expected($"symbol of {symbols.Fullname}", path)
                    : symbols.Contains(value.GetString()) ? null
                    : $"Unknown symbol '{value.GetString()}' of enum {symbols.Fullname}{At(path)}.";
            case global::Avro.Schema.Type.Record:
            case global::Avro.Schema.Type.Error:
                return Record((RecordSchema)schema, value, path);
            case global::Avro.Schema.Type.Array:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return Expected("array", path);
                }
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Value(((ArraySchema)schema).ItemSchema, item, $"{path}[{index++}]") is { } error)
                    {
                        return error;
                    }
                }
                return null;
            case global::Avro.Schema.Type.Map:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    return Expected("map (a JSON object)", path);
                }
                foreach (var entry in value.EnumerateObject())
                {
                    if (Value(((MapSchema)schema).ValueSchema, entry.Value, Member(path, entry.Name)) is { } error)
                    {
                        return error;
                    }
                }
                return null;
            case global::Avro.Schema.Type.Union:
                return Union((UnionSchema)schema, value, path);
            case global::Avro.Schema.Type.Logical:
                return Value(((LogicalSchema)schema).BaseSchema, value, path);
            default:
                return $"Unsupported schema type {schema.Tag}.";
        }
    }

    private static string? Record(RecordSchema record, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return Expected($"record {record.Fullname} (a JSON object)", path);
        }
        foreach (var field in record.Fields)
        {
            if (!value.TryGetProperty(field.Name, out var member))
            {
                if (field.DefaultValue is null)
                {
                    // Google's text for a missing field.
                    return $"Field was not found in JSON object: {field.Name}";
                }
                continue;
            }
            if (Value(field.Schema, member, Member(path, field.Name)) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    /// <summary>Avro JSON: <c>null</c> for a null branch, otherwise <c>{"type-name": value}</c>.</summary>
    private static string? Union(UnionSchema union, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return union.Schemas.Any(branch => branch.Tag == global::Avro.Schema.Type.Null) ? null : Expected("non-null union value", path);
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"A union value must be null or an object naming its branch, as {{\"string\": \"a\"}}{At(path)}.";
        }
        string? name = null;
        JsonElement branchValue = default;
        foreach (var member in value.EnumerateObject())
        {
            if (name is not null)
            {
                return $"A union value must name exactly one branch{At(path)}.";
            }
            name = member.Name;
            branchValue = member.Value;
        }
        var branch = name is null ? null : union.Schemas.FirstOrDefault(candidate => BranchName(candidate) == name);
        return branch is null
            ? $"'{name}' is not a branch of the union{At(path)}; branches: {string.Join(", ", union.Schemas.Select(BranchName))}."
            : Value(branch, branchValue, Member(path, name!));
    }

    /// <summary>A union branch's name in JSON: the full name of a named type, else the (underlying) type name.</summary>
    internal static string BranchName(global::Avro.Schema schema) => schema switch
    {
        NamedSchema named => named.Fullname,
        LogicalSchema logical => BranchName(logical.BaseSchema),
        _ => schema.Name,
    };

    private static string? ByteString(JsonElement value, int? size, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Expected(size is null ? "bytes (a string)" : $"fixed({size}) (a string)", path);
        }
        var text = value.GetString()!;
        if (text.Any(c => c > '\u00FF'))
        {
            return $"Bytes in JSON are code points U+0000 to U+00FF, one per byte{At(path)}.";
        }
        return size is { } expected && text.Length != expected ? $"A fixed value must have {expected} bytes, not {text.Length}{At(path)}." : null;
    }

    private static string Member(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string At(string path) => path.Length == 0 ? "" : $" at {path}";

    private static string Expected(string what, string path) => $"Expected {what}{At(path)}.";
}
