namespace Tidings.PubSub.Filters;

/// <summary><c>attributes.KEY = "value"</c>: the key is present with exactly this value (case-sensitive).</summary>
internal sealed class AttributeEqualsNode(string key, string value) : FilterNode
{
    public string Key { get; } = key;

    public string Value { get; } = value;

    public override bool Matches(ReadOnlySpan<KeyValuePair<string, string>> attributes) => string.Equals(Find(attributes, Key), Value);
}
