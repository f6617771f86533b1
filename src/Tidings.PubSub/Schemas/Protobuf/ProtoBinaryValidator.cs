using System.Text.Unicode;
using Google.Protobuf.Reflection;

namespace Tidings.PubSub.Schemas.Protobuf;

/// <summary>
/// Checks that data is one message of a type in the Protocol Buffer wire format. Stricter than a parser that keeps
/// unknown fields, as Google's validation is: a field number the message does not define fails it. Wire types must
/// match the field's type (repeated scalars may be packed or not), strings must be UTF-8 outside proto2, nested
/// messages and groups are checked through, and proto2 required fields must be present.
/// </summary>
internal static class ProtoBinaryValidator
{
    public static string? Validate(ProtoMessageShape shape, ReadOnlySpan<byte> data)
    {
        var reader = new ProtoWireReader(data);
        return Message(shape, ref reader, endGroup: null, depth: 0);
    }

    /// <param name="endGroup">For a group, the field number whose end-group tag closes it; null for a length-delimited message.</param>
    private static string? Message(ProtoMessageShape shape, ref ProtoWireReader reader, int? endGroup, int depth)
    {
        if (depth > CompiledSchema.MaxDepth)
        {
            return "The message is nested too deeply.";
        }
        var seenRequired = shape.Required.Count == 0 ? null : new HashSet<int>();
        while (!reader.AtEnd)
        {
            if (!reader.TryReadVarint(out var tag) || tag > uint.MaxValue)
            {
                return $"Malformed field tag in {shape.FullName}.";
            }
            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            if (wireType == ProtoTypes.EndGroup)
            {
                return endGroup == number ? Missing(shape, seenRequired) : $"Unexpected end-group tag in {shape.FullName}.";
            }
            if (!shape.ByNumber.TryGetValue(number, out var field))
            {
                return $"Field number {number} is not defined in message {shape.FullName}.";
            }
            if (Field(field, wireType, ref reader, depth) is { } error)
            {
                return error;
            }
            seenRequired?.Add(number);
        }
        return endGroup is null ? Missing(shape, seenRequired) : $"Group {shape.FullName} is not closed.";
    }

    private static string? Field(ProtoFieldShape field, int wireType, ref ProtoWireReader reader, int depth)
    {
        var expected = ProtoTypes.WireType(field.Kind);
        if (wireType == ProtoTypes.LengthDelimited && expected != ProtoTypes.LengthDelimited && field.IsRepeated && ProtoTypes.IsPackable(field.Kind))
        {
            return reader.TryReadLengthDelimited(out var packed) ? Packed(field, packed, expected) : Malformed(field);
        }
        if (wireType != expected)
        {
            return $"Field {field.Name} ({field.Number}) of type {field.TypeName} was sent with wire type {wireType}, not {expected}.";
        }
        switch (expected)
        {
            case ProtoTypes.Varint:
                return reader.TryReadVarint(out _) ? null : Malformed(field);
            case ProtoTypes.Fixed32:
                return reader.TrySkip(4) ? null : Malformed(field);
            case ProtoTypes.Fixed64:
                return reader.TrySkip(8) ? null : Malformed(field);
            case ProtoTypes.StartGroup:
                return Message(field.Message!, ref reader, field.Number, depth + 1);
            default:
                if (!reader.TryReadLengthDelimited(out var bytes))
                {
                    return Malformed(field);
                }
                if (field.Kind == FieldDescriptorProto.Type.TypeMessage)
                {
                    var nested = new ProtoWireReader(bytes);
                    return Message(field.Message!, ref nested, endGroup: null, depth + 1);
                }
                return field.Kind == FieldDescriptorProto.Type.TypeString && field.ValidatesUtf8 && !Utf8.IsValid(bytes)
                    ? $"Field {field.Name} ({field.Number}) is a string but not valid UTF-8."
                    : null;
        }
    }

    private static string? Packed(ProtoFieldShape field, ReadOnlySpan<byte> run, int wireType)
    {
        var reader = new ProtoWireReader(run);
        while (!reader.AtEnd)
        {
            var ok = wireType switch
            {
                ProtoTypes.Fixed32 => reader.TrySkip(4),
                ProtoTypes.Fixed64 => reader.TrySkip(8),
                _ => reader.TryReadVarint(out _),
            };
            if (!ok)
            {
                return Malformed(field);
            }
        }
        return null;
    }

    /// <summary>No lambda here: this runs once per message on the publish path, and a closure would allocate each time.</summary>
    private static string? Missing(ProtoMessageShape shape, HashSet<int>? seen)
    {
        if (seen is null)
        {
            return null;
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

    private static string Malformed(ProtoFieldShape field) => $"Truncated or malformed value of field {field.Name} ({field.Number}).";
}
