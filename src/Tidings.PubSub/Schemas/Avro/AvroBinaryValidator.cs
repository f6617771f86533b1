using System.Text.Unicode;
using Avro;

namespace Tidings.PubSub.Schemas.Avro;

/// <summary>
/// Checks that data is exactly one value of an Avro schema in Avro's binary encoding: every byte consumed, strings
/// UTF-8, enum and union indexes in range, block counts and lengths consistent. Nothing is materialised.
/// </summary>
internal static class AvroBinaryValidator
{
    /// <summary>Google's detail when bytes are left after the value.</summary>
    public const string TooMuchData = "Too much data to parse for schema.";

    /// <summary>How many zero-width items an array or map block may count beyond the bytes left.</summary>
    private const int ZeroWidthSlack = 1024;

    public static string? Validate(global::Avro.Schema schema, ReadOnlySpan<byte> data)
    {
        var reader = new AvroBinaryReader(data);
        var error = Value(schema, ref reader, depth: 0);
        if (error is not null)
        {
            return error;
        }
        return reader.AtEnd ? null : TooMuchData;
    }

    private static string? Value(global::Avro.Schema schema, ref AvroBinaryReader reader, int depth)
    {
        if (depth > CompiledSchema.MaxDepth)
        {
            return "The value is nested too deeply.";
        }
        switch (schema.Tag)
        {
            case global::Avro.Schema.Type.Null:
                return null;
            case global::Avro.Schema.Type.Boolean:
                return reader.TryReadBoolean() ? null : Malformed("boolean");
            case global::Avro.Schema.Type.Int:
                return reader.TryReadInt(out _) ? null : Malformed("int");
            case global::Avro.Schema.Type.Long:
                return reader.TryReadLong(out _) ? null : Malformed("long");
            case global::Avro.Schema.Type.Float:
                return reader.TrySkip(4) ? null : Malformed("float");
            case global::Avro.Schema.Type.Double:
                return reader.TrySkip(8) ? null : Malformed("double");
            case global::Avro.Schema.Type.Bytes:
                return reader.TryReadBytes(out _) ? null : Malformed("bytes");
            case global::Avro.Schema.Type.String:
                return !reader.TryReadBytes(out var text) ? Malformed("string")
                    : Utf8.IsValid(text) ? null : "A string is not valid UTF-8.";
            case global::Avro.Schema.Type.Fixed:
                return reader.TrySkip(((FixedSchema)schema).Size) ? null : Malformed(((FixedSchema)schema).Fullname);
            case global::Avro.Schema.Type.Enumeration:
                var symbols = (EnumSchema)schema;
                return !reader.TryReadInt(out var symbol) ? Malformed(symbols.Fullname)
                    : symbol >= 0 && symbol < symbols.Count ? null
                    : $"Enum index {symbol} is out of range for {symbols.Fullname}.";
            case global::Avro.Schema.Type.Record:
            case global::Avro.Schema.Type.Error:
                foreach (var field in ((RecordSchema)schema).Fields)
                {
                    if (Value(field.Schema, ref reader, depth + 1) is { } error)
                    {
                        return error;
                    }
                }
                return null;
            case global::Avro.Schema.Type.Array:
                return Blocks(((ArraySchema)schema).ItemSchema, keyed: false, ref reader, depth);
            case global::Avro.Schema.Type.Map:
                return Blocks(((MapSchema)schema).ValueSchema, keyed: true, ref reader, depth);
            case global::Avro.Schema.Type.Union:
                var union = (UnionSchema)schema;
                return !reader.TryReadLong(out var branch) ? Malformed("union")
                    : branch >= 0 && branch < union.Count ? Value(union.Schemas[(int)branch], ref reader, depth + 1)
                    : $"Union index {branch} is out of range.";
            case global::Avro.Schema.Type.Logical:
                return Value(((LogicalSchema)schema).BaseSchema, ref reader, depth);
            default:
                return $"Unsupported schema type {schema.Tag}.";
        }
    }

    /// <summary>Arrays and maps: blocks of items, a negative count followed by the block's byte size, ended by 0.</summary>
    private static string? Blocks(global::Avro.Schema item, bool keyed, ref AvroBinaryReader reader, int depth)
    {
        while (true)
        {
            if (!reader.TryReadLong(out var count))
            {
                return Malformed(keyed ? "map" : "array");
            }
            if (count == 0)
            {
                return null;
            }
            if (count < 0)
            {
                if (count == long.MinValue || !reader.TryReadLong(out var size) || size < 0)
                {
                    return Malformed(keyed ? "map" : "array");
                }
                count = -count;
            }
            if (count > reader.Remaining + ZeroWidthSlack)
            {
                // Every item takes a byte, but for zero-width ones (null, empty records): bounds the loop either way.
                return Malformed(keyed ? "map" : "array");
            }
            for (long i = 0; i < count; i++)
            {
                if (keyed && (!reader.TryReadBytes(out var key) || !Utf8.IsValid(key)))
                {
                    return Malformed("map key");
                }
                if (Value(item, ref reader, depth + 1) is { } error)
                {
                    return error;
                }
            }
        }
    }

    private static string Malformed(string what) => $"Not enough or malformed data to parse a value of type {what}.";
}
