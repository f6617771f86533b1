namespace Tidings.Storage.Messages;

/// <summary>
/// One published message as the log keeps it. Immutable once appended; readers may share the instance.
/// The message id is not stored: it is derived from the log id and the sequence number.
/// </summary>
public sealed class StoredMessage
{
    public StoredMessage(
        ReadOnlyMemory<byte> data,
        IReadOnlyList<KeyValuePair<string, string>> attributes,
        string orderingKey,
        long publishTimeUnixMicros)
    {
        Data = data;
        Attributes = attributes;
        OrderingKey = orderingKey;
        PublishTimeUnixMicros = publishTimeUnixMicros;
        Size = ComputeSize(data, attributes, orderingKey);
    }

    public ReadOnlyMemory<byte> Data { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Attributes { get; }

    /// <summary>Empty when the message has no ordering key.</summary>
    public string OrderingKey { get; }

    /// <summary>Publish time assigned by the server, in microseconds since the Unix epoch (UTC).</summary>
    public long PublishTimeUnixMicros { get; }

    /// <summary>Approximate size in bytes (data, attribute keys and values, ordering key), used for flow control.</summary>
    public int Size { get; }

    private static int ComputeSize(ReadOnlyMemory<byte> data, IReadOnlyList<KeyValuePair<string, string>> attributes, string orderingKey)
    {
        var size = data.Length + orderingKey.Length;
        foreach (var (key, value) in attributes)
        {
            size += key.Length + value.Length;
        }
        return size;
    }
}
