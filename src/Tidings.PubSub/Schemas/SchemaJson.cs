using System.Text.Json;

namespace Tidings.PubSub.Schemas;

/// <summary>Reads a message's data as exactly one JSON value, for the JSON-encoding validators of both schema types.</summary>
internal static class SchemaJson
{
    /// <summary>
    /// Parses <paramref name="data"/> and hands the root value to <paramref name="validate"/>; a parse failure or
    /// anything after the value is the message's problem, returned as text like the validators' own.
    /// </summary>
    public static string? Validate<TSchema>(ReadOnlySpan<byte> data, TSchema schema, Func<TSchema, JsonElement, string?> validate)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = CompiledSchema.MaxDepth });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                return "Unexpected data after the JSON value.";
            }
        }
        catch (JsonException exception)
        {
            return $"The data is not valid JSON: {exception.Message}";
        }
        using (document)
        {
            return validate(schema, document.RootElement);
        }
    }
}
