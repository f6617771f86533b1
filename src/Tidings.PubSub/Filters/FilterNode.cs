namespace Tidings.PubSub.Filters;

/// <summary>
/// One node of a compiled filter. Evaluation reads the message's attributes in place and allocates nothing; nodes
/// are immutable, so one tree serves every thread.
/// </summary>
internal abstract class FilterNode
{
    public abstract bool Matches(ReadOnlySpan<KeyValuePair<string, string>> attributes);

    /// <summary>The value of <paramref name="key"/>, by ordinal comparison (keys are case-sensitive); null when absent.</summary>
    protected static string? Find(ReadOnlySpan<KeyValuePair<string, string>> attributes, string key)
    {
        foreach (ref readonly var attribute in attributes)
        {
            if (string.Equals(attribute.Key, key))
            {
                return attribute.Value;
            }
        }
        return null;
    }
}
