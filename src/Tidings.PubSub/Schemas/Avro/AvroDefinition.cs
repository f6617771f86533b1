using Newtonsoft.Json;
using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Schemas.Avro;

/// <summary>Parses an Avro definition (Avro's JSON schema language) with Apache's library.</summary>
internal static class AvroDefinition
{
    public static AvroCompiledSchema Compile(string definition)
    {
        try
        {
            return new AvroCompiledSchema(global::Avro.Schema.Parse(definition));
        }
        catch (global::Avro.AvroException exception)
        {
            throw SchemaErrors.InvalidDefinition("AVRO", exception.Message);
        }
        catch (JsonException exception)
        {
            throw SchemaErrors.InvalidDefinition("AVRO", $"the definition is not valid JSON: {exception.Message}");
        }
    }
}
