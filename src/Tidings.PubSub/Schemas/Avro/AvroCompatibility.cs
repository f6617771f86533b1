using Avro;

namespace Tidings.PubSub.Schemas.Avro;

/// <summary>
/// Avro's schema resolution rules (specification, "Schema Resolution"): whether data written with one schema can be
/// read with another. Google's rule for a new revision is that it resolve both ways with the earlier ones.
/// </summary>
internal static class AvroCompatibility
{
    /// <summary>Null when data written with <paramref name="writer"/> can be read with <paramref name="reader"/>; otherwise why not.</summary>
    public static string? CanRead(global::Avro.Schema reader, global::Avro.Schema writer) =>
        Resolve(Unwrap(reader), Unwrap(writer), new HashSet<(global::Avro.Schema, global::Avro.Schema)>(), path: "");

    private static string? Resolve(global::Avro.Schema reader, global::Avro.Schema writer, HashSet<(global::Avro.Schema, global::Avro.Schema)> seen, string path)
    {
        if (!seen.Add((reader, writer)))
        {
            return null; // a recursive pair already being resolved
        }
        if (writer.Tag == global::Avro.Schema.Type.Union)
        {
            foreach (var branch in ((UnionSchema)writer).Schemas)
            {
                if (Resolve(reader, Unwrap(branch), seen, path) is { } error)
                {
                    return error;
                }
            }
            return null;
        }
        if (reader.Tag == global::Avro.Schema.Type.Union)
        {
            return ((UnionSchema)reader).Schemas.Any(branch => Resolve(Unwrap(branch), writer, [.. seen], path) is null)
                ? null
                : $"{Describe(path)} of type {TypeName(writer)} matches no branch of {TypeName(reader)}";
        }
        if (IsPromotion(writer.Tag, reader.Tag))
        {
            return null;
        }
        if (reader.Tag != writer.Tag)
        {
            return Mismatch(reader, writer, path);
        }
        switch (reader.Tag)
        {
            case global::Avro.Schema.Type.Record:
            case global::Avro.Schema.Type.Error:
                return Records((RecordSchema)reader, (RecordSchema)writer, seen, path);
            case global::Avro.Schema.Type.Enumeration:
                var readerSymbols = (EnumSchema)reader;
                var missing = ((EnumSchema)writer).Symbols.FirstOrDefault(symbol => !readerSymbols.Contains(symbol));
                return missing is null || readerSymbols.Default is not null ? null
                    : $"{Describe(path)}: symbol {missing} of enum {readerSymbols.Fullname} is missing from the other revision";
            case global::Avro.Schema.Type.Fixed:
                return ((FixedSchema)reader).Size == ((FixedSchema)writer).Size && ((FixedSchema)reader).Name == ((FixedSchema)writer).Name
                    ? null : Mismatch(reader, writer, path);
            case global::Avro.Schema.Type.Array:
                return Resolve(Unwrap(((ArraySchema)reader).ItemSchema), Unwrap(((ArraySchema)writer).ItemSchema), seen, $"{path}[]");
            case global::Avro.Schema.Type.Map:
                return Resolve(Unwrap(((MapSchema)reader).ValueSchema), Unwrap(((MapSchema)writer).ValueSchema), seen, $"{path}{{}}");
            default:
                return null;
        }
    }

    private static string? Records(RecordSchema reader, RecordSchema writer, HashSet<(global::Avro.Schema, global::Avro.Schema)> seen, string path)
    {
        if (reader.Name != writer.Name)
        {
            return Mismatch(reader, writer, path);
        }
        foreach (var field in reader.Fields)
        {
            var written = writer.Fields.FirstOrDefault(candidate => candidate.Name == field.Name || (field.Aliases?.Contains(candidate.Name) ?? false));
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (written is null)
            {
                if (field.DefaultValue is null)
                {
                    return $"{fieldPath} has no default value, and the other revision does not have it";
                }
                continue;
            }
            if (Resolve(Unwrap(field.Schema), Unwrap(written.Schema), seen, fieldPath) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    /// <summary>The promotions the specification allows a reader: int to long, float or double; long to float or double; float to double; string and bytes.</summary>
    private static bool IsPromotion(global::Avro.Schema.Type writer, global::Avro.Schema.Type reader) => (writer, reader) switch
    {
        (global::Avro.Schema.Type.Int, global::Avro.Schema.Type.Long or global::Avro.Schema.Type.Float or global::Avro.Schema.Type.Double) => true,
        (global::Avro.Schema.Type.Long, global::Avro.Schema.Type.Float or global::Avro.Schema.Type.Double) => true,
        (global::Avro.Schema.Type.Float, global::Avro.Schema.Type.Double) => true,
        (global::Avro.Schema.Type.String, global::Avro.Schema.Type.Bytes) or (global::Avro.Schema.Type.Bytes, global::Avro.Schema.Type.String) => true,
        _ => false,
    };

    private static global::Avro.Schema Unwrap(global::Avro.Schema schema) => schema is LogicalSchema logical ? logical.BaseSchema : schema;

    private static string Mismatch(global::Avro.Schema reader, global::Avro.Schema writer, string path) =>
        $"{Describe(path)} of type {TypeName(reader)} is not compatible with type {TypeName(writer)}";

    private static string Describe(string path) => path.Length == 0 ? "The schema" : path;

    private static string TypeName(global::Avro.Schema schema) => AvroJsonValidator.BranchName(schema);
}
