namespace Tidings.PubSub.Publishing;

/// <summary>A message as a publisher sends it, before the server gives it an id and a publish time.</summary>
public readonly record struct PublishMessage(
    ReadOnlyMemory<byte> Data,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    string OrderingKey);
