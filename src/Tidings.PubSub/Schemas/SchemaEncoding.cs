namespace Tidings.PubSub.Schemas;

/// <summary>How a message's data encodes a schema's values; the numbers are Google's <c>Encoding</c>.</summary>
public enum SchemaEncoding
{
    /// <summary>A topic that names none is validated as JSON (Tidings' reading of the unset default).</summary>
    Unspecified = 0,
    Json = 1,
    Binary = 2,
}
