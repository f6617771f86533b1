namespace Tidings.PubSub.Filters;

/// <summary><c>attributes:KEY</c>: the key is present, whatever its value.</summary>
internal sealed class HasAttributeNode(string key) : FilterNode
{
    public string Key { get; } = key;

    public override bool Matches(ReadOnlySpan<KeyValuePair<string, string>> attributes) => Find(attributes, Key) is not null;
}
