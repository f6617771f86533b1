namespace Tidings.Kernel.Names;

/// <summary>The id rules Google's APIs share; a service with a stricter rule writes its own <see cref="SegmentRule"/>.</summary>
public static class SegmentRules
{
    /// <summary>Any id, even an empty one (Pub/Sub accepts <c>projects//topics/t</c> from clients without a project).</summary>
    public static SegmentRule Any { get; } = _ => true;

    /// <summary>Any id of at least one character.</summary>
    public static SegmentRule NonEmpty { get; } = id => id.Length > 0;

    /// <summary>
    /// ASCII letters, digits and the given <paramref name="symbols"/>, <paramref name="minLength"/> to
    /// <paramref name="maxLength"/> characters: e.g. a Cloud Tasks queue id is <c>Characters("-", 1, 100)</c>.
    /// </summary>
    public static SegmentRule Characters(string symbols, int minLength, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, minLength);
        if (symbols.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("An id can never contain '/', the segment separator.", nameof(symbols));
        }
        return id => id.Length >= minLength && id.Length <= maxLength && IsMadeOf(id, symbols);
    }

    private static bool IsMadeOf(string id, string symbols)
    {
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !symbols.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
