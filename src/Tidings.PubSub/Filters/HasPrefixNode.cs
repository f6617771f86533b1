namespace Tidings.PubSub.Filters;

/// <summary><c>hasPrefix(attributes.KEY, "prefix")</c>: the key is present and its value starts with the prefix (ordinal).</summary>
internal sealed class HasPrefixNode(string key, string prefix) : FilterNode
{
    public string Key { get; } = key;

    public string Prefix { get; } = prefix;

    public override bool Matches(ReadOnlySpan<KeyValuePair<string, string>> attributes) =>
        Find(attributes, Key) is { } value && value.StartsWith(Prefix, StringComparison.Ordinal);
}
