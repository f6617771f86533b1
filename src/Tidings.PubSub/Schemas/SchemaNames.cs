namespace Tidings.PubSub.Schemas;

/// <summary>The words Google uses on the wire for schema types and encodings, in texts and attributes.</summary>
internal static class SchemaNames
{
    public static string Of(SchemaType type) => type switch
    {
        SchemaType.Avro => "AVRO",
        SchemaType.ProtocolBuffer => "PROTOCOL_BUFFER",
        _ => "TYPE_UNSPECIFIED",
    };

    /// <summary>The value of <c>googclient_schemaencoding</c>; an unset encoding validates (and is stamped) as JSON.</summary>
    public static string Of(SchemaEncoding encoding) => encoding == SchemaEncoding.Binary ? "BINARY" : "JSON";
}
