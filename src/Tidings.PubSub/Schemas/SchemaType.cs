namespace Tidings.PubSub.Schemas;

/// <summary>The language a schema definition is written in; the numbers are Google's <c>Schema.Type</c>.</summary>
public enum SchemaType
{
    Unspecified = 0,
    ProtocolBuffer = 1,
    Avro = 2,
}
