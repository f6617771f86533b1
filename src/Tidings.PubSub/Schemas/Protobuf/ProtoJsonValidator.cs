using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace Tidings.PubSub.Schemas.Protobuf;

/// <summary>
/// Checks that a JSON document is one message in Protocol Buffers' JSON mapping (protobuf.dev/programming-guides/json):
/// members by JSON name or proto field name, <c>null</c> for a default, 64-bit integers as numbers or strings,
/// floating-point specials as strings, bytes as base64, enums by name or number, maps as objects. Members the
/// message does not define fail it, as a standard parser does.
/// </summary>
internal static class ProtoJsonValidator
{
    public static string? Validate(ProtoMessageShape shape, ReadOnlySpan<byte> data) =>
        SchemaJson.Validate(data, shape, Message);

    private static string? Message(ProtoMessageShape shape, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"Message {shape.FullName} must be a JSON object.";
        }
        var seen = new FieldSet();
        Dictionary<int, string>? oneofs = null;
        foreach (var member in value.EnumerateObject())
        {
            if (!shape.ByJsonName.TryGetValue(member.Name, out var field))
            {
                return $"Message {shape.FullName} has no field named \"{member.Name}\".";
            }
            if (!seen.Add(field.Number))
            {
                return $"Field {field.Name} of message {shape.FullName} is given twice.";
            }
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            if (field.OneofIndex >= 0 && !(oneofs ??= []).TryAdd(field.OneofIndex, field.Name))
            {
                return $"Fields {oneofs[field.OneofIndex]} and {field.Name} of message {shape.FullName} belong to one oneof; set one.";
            }
            if (FieldValue(field, member.Value) is { } error)
            {
                return error;
            }
        }
        foreach (var field in shape.Required)
        {
            if (!seen.Contains(field.Number))
            {
                return $"Required field {field.Name} of message {shape.FullName} is missing.";
            }
        }
        return null;
    }

    /// <summary>Field numbers seen in one object: a bit mask for the usual small numbers, a set only beyond 63.</summary>
    private struct FieldSet
    {
        private ulong _small;
        private HashSet<int>? _large;

        public bool Add(int number)
        {
            if (number < 64)
            {
                var bit = 1UL << number;
                var added = (_small & bit) == 0;
                _small |= bit;
                return added;
            }
            return (_large ??= []).Add(number);
        }

        public readonly bool Contains(int number) => number < 64 ? (_small & (1UL << number)) != 0 : _large?.Contains(number) ?? false;
    }

    private static string? FieldValue(ProtoFieldShape field, JsonElement value)
    {
        if (field.Message is { IsMapEntry: true } entry)
        {
            return Map(field, entry, value);
        }
        if (!field.IsRepeated)
        {
            return Single(field, value);
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return $"Field {field.Name} is repeated and must be a JSON array.";
        }
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null)
            {
                return $"Field {field.Name} is repeated and may not hold null.";
            }
            if (Single(field, item) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private static string? Map(ProtoFieldShape field, ProtoMessageShape entry, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"Field {field.Name} is a map and must be a JSON object.";
        }
        var key = entry.ByNumber[1];
        var mapped = entry.ByNumber[2];
        foreach (var member in value.EnumerateObject())
        {
            if (!IsMapKey(key.Kind, member.Name))
            {
                return $"\"{member.Name}\" is not a {key.TypeName} key of map field {field.Name}.";
            }
            if (Single(mapped, member.Value) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private static string? Single(ProtoFieldShape field, JsonElement value)
    {
        var ok = field.Kind switch
        {
            FieldDescriptorProto.Type.TypeMessage or FieldDescriptorProto.Type.TypeGroup => true,
            FieldDescriptorProto.Type.TypeInt32 or FieldDescriptorProto.Type.TypeSint32 or FieldDescriptorProto.Type.TypeSfixed32 =>
                Integer(value, int.MinValue, int.MaxValue),
            FieldDescriptorProto.Type.TypeUint32 or FieldDescriptorProto.Type.TypeFixed32 => Integer(value, 0, uint.MaxValue),
            FieldDescriptorProto.Type.TypeInt64 or FieldDescriptorProto.Type.TypeSint64 or FieldDescriptorProto.Type.TypeSfixed64 =>
                Integer(value, long.MinValue, long.MaxValue),
            FieldDescriptorProto.Type.TypeUint64 or FieldDescriptorProto.Type.TypeFixed64 => UnsignedLong(value),
            FieldDescriptorProto.Type.TypeFloat or FieldDescriptorProto.Type.TypeDouble => FloatingPoint(value),
            FieldDescriptorProto.Type.TypeBool => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            FieldDescriptorProto.Type.TypeString => value.ValueKind == JsonValueKind.String,
            FieldDescriptorProto.Type.TypeBytes => value.ValueKind == JsonValueKind.String && IsBase64(value.GetString()!),
            FieldDescriptorProto.Type.TypeEnum => EnumValue(field.Enum!, value),
            _ => false,
        };
        if (!ok)
        {
            return $"Field {field.Name} expects a {field.TypeName} value, not {Describe(value)}.";
        }
        return field.Kind is FieldDescriptorProto.Type.TypeMessage or FieldDescriptorProto.Type.TypeGroup ? Message(field.Message!, value) : null;
    }

    private static bool Integer(JsonElement value, decimal minimum, decimal maximum)
    {
        decimal number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetDecimal(out number))
            {
                return false;
            }
        }
        else if (value.ValueKind != JsonValueKind.String || !decimal.TryParse(value.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }
        return number == decimal.Truncate(number) && number >= minimum && number <= maximum;
    }

    private static bool UnsignedLong(JsonElement value) => Integer(value, 0, ulong.MaxValue);

    private static bool FloatingPoint(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => true,
        JsonValueKind.String => value.GetString() is "NaN" or "Infinity" or "-Infinity"
            || double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => false,
    };

    private static bool EnumValue(ProtoEnumShape enumeration, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => enumeration.Names.Contains(value.GetString()!),
        JsonValueKind.Number => value.TryGetInt32(out _),
        _ => false,
    };

    /// <summary>Standard or URL-safe base64, with or without padding, as the JSON mapping accepts.</summary>
    private static bool IsBase64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        var padded = (standard.Length % 4) switch
        {
            2 => standard + "==",
            3 => standard + "=",
            _ => standard,
        };
        Span<byte> buffer = padded.Length <= 4096 ? stackalloc byte[padded.Length] : new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out _);
    }

    private static bool IsMapKey(FieldDescriptorProto.Type kind, string key) => kind switch
    {
        FieldDescriptorProto.Type.TypeString => true,
        FieldDescriptorProto.Type.TypeBool => key is "true" or "false",
        FieldDescriptorProto.Type.TypeUint32 or FieldDescriptorProto.Type.TypeFixed32 => uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        FieldDescriptorProto.Type.TypeUint64 or FieldDescriptorProto.Type.TypeFixed64 => ulong.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        FieldDescriptorProto.Type.TypeInt64 or FieldDescriptorProto.Type.TypeSint64 or FieldDescriptorProto.Type.TypeSfixed64 =>
            long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        _ => int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };
}
