namespace Tidings.PubSub.Filters;

/// <summary><c>attributes.KEY != "value"</c>: the key has another value or is missing (as Google's service matches it).</summary>
internal sealed class AttributeNotEqualsNode(string key, string value) : FilterNode
{
    public string Key { get; } = key;

    public string Value { get; } = value;

    public override bool Matches(ReadOnlySpan<KeyValuePair<string, string>> attributes) => !string.Equals(Find(attributes, Key), Value);
}
