using System.Text.RegularExpressions;
using Avro;
using Newtonsoft.Json.Linq;

namespace Tidings.PubSub.Schemas.Avro;

/// <summary>
/// What the Avro specification requires that Apache.Avro's parser lets through: names and enum symbols of the form
/// <c>[A-Za-z_][A-Za-z0-9_]*</c>, unions with at least one branch and no two of one unnamed type, and field defaults
/// that are values of the field's type (for a union, of its first branch).
/// </summary>
internal static partial class AvroRules
{
    /// <summary>Null when the schema keeps the rules; otherwise the first broken one.</summary>
    public static string? Check(global::Avro.Schema schema) => Check(schema, new HashSet<global::Avro.Schema>());

    private static string? Check(global::Avro.Schema schema, HashSet<global::Avro.Schema> seen)
    {
        if (!seen.Add(schema))
        {
            return null;
        }
        switch (schema)
        {
            case RecordSchema record:
                foreach (var field in record.Fields)
                {
                    if (!Name().IsMatch(field.Name))
                    {
                        return $"invalid field name \"{field.Name}\" in record {record.Fullname}.";
                    }
                    if (field.DefaultValue is { } value && !IsDefault(field.Schema, value))
                    {
                        return $"the default value {value.ToString(Newtonsoft.Json.Formatting.None)} of field {field.Name} in record {record.Fullname} is not a value of its type.";
                    }
                    if (Check(field.Schema, seen) is { } error)
                    {
                        return error;
                    }
                }
                return null;
            case EnumSchema enumeration:
                var bad = enumeration.Symbols.FirstOrDefault(symbol => !Name().IsMatch(symbol));
                return bad is null ? null : $"invalid symbol \"{bad}\" in enum {enumeration.Fullname}.";
            case ArraySchema array:
                return Check(array.ItemSchema, seen);
            case MapSchema map:
                return Check(map.ValueSchema, seen);
            case UnionSchema union:
                if (union.Count == 0)
                {
                    return "a union must have at least one branch.";
                }
                foreach (var branch in union.Schemas)
                {
                    if (Check(branch, seen) is { } error)
                    {
                        return error;
                    }
                }
                return null;
            case LogicalSchema logical:
                return Check(logical.BaseSchema, seen);
            default:
                return null;
        }
    }

    /// <summary>Whether a JSON default is a value of the type, as the specification encodes defaults.</summary>
    private static bool IsDefault(global::Avro.Schema schema, JToken value) => schema switch
    {
        UnionSchema union => union.Count > 0 && IsDefault(union.Schemas[0], value),
        LogicalSchema logical => IsDefault(logical.BaseSchema, value),
        RecordSchema record => value is JObject members && record.Fields.TrueForAll(field =>
            members.TryGetValue(field.Name, out var member) ? IsDefault(field.Schema, member) : field.DefaultValue is not null),
        EnumSchema enumeration => value.Type == JTokenType.String && enumeration.Contains(value.Value<string>()),
        ArraySchema array => value is JArray items && items.All(item => IsDefault(array.ItemSchema, item)),
        MapSchema map => value is JObject entries && entries.Properties().All(entry => IsDefault(map.ValueSchema, entry.Value)),
        FixedSchema fixedSchema => value.Type == JTokenType.String && value.Value<string>()!.Length == fixedSchema.Size,
        _ => schema.Tag switch
        {
            global::Avro.Schema.Type.Null => value.Type == JTokenType.Null,
            global::Avro.Schema.Type.Boolean => value.Type == JTokenType.Boolean,
            global::Avro.Schema.Type.Int => value.Type == JTokenType.Integer && value.Value<long>() is >= int.MinValue and <= int.MaxValue,
            global::Avro.Schema.Type.Long => value.Type == JTokenType.Integer,
            global::Avro.Schema.Type.Float or global::Avro.Schema.Type.Double => value.Type is JTokenType.Integer or JTokenType.Float,
            global::Avro.Schema.Type.String or global::Avro.Schema.Type.Bytes => value.Type == JTokenType.String,
            _ => true,
        },
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Name();
}
