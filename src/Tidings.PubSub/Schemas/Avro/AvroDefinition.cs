using Newtonsoft.Json;
using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Schemas.Avro;

/// <summary>Parses an Avro definition (Avro's JSON schema language) with Apache's library.</summary>
internal static class AvroDefinition
{
    public static AvroCompiledSchema Compile(string definition)
    {
        global::Avro.Schema schema;
        try
        {
            schema = global::Avro.Schema.Parse(definition);
        }
        catch (global::Avro.AvroException exception)
        {
            throw SchemaErrors.InvalidDefinition("AVRO", exception.Message);
        }
        catch (JsonException exception)
        {
            throw SchemaErrors.InvalidDefinition("AVRO", $"the definition is not valid JSON: {exception.Message}");
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or FormatException or InvalidCastException)
        {
            throw SchemaErrors.InvalidDefinition("AVRO", $"the definition is not a valid Avro schema: {exception.Message}");
        }
        if (schema is null)
        {
            // Apache.Avro answers null rather than failing for a type it does not know, e.g. {"type": "nosuchtype"}.
            throw SchemaErrors.InvalidDefinition("AVRO", "the definition is not a valid Avro schema: its type is not a known type or a name defined before it.");
        }
        if (AvroRules.Check(schema) is { } broken)
        {
            throw SchemaErrors.InvalidDefinition("AVRO", broken);
        }
        return new AvroCompiledSchema(schema);
    }
}
