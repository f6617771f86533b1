namespace Tidings.Kernel.Paging;

/// <summary>One page of a listing in ordinal order of a key, and the token of the next page (<see cref="PageToken.Start"/> on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, PageToken Next)
{
    /// <summary>The wire form of <see cref="Next"/>: empty on the last page, as Google answers.</summary>
    public string NextPageToken => Next.ToString();

    /// <summary>
    /// The up to <paramref name="size"/> items whose <paramref name="key"/> sorts after <paramref name="token"/>, in
    /// ordinal key order. Keys must be unique. Only a page with more items behind it carries a token.
    /// </summary>
    public static Page<T> Of(IEnumerable<T> items, Func<T, string> key, int size, PageToken token)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var after = token.After;
        var ordered = items.Where(item => after is null || string.CompareOrdinal(key(item), after) > 0)
            .OrderBy(key, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        if (ordered.Count <= size)
        {
            return new Page<T>(ordered, PageToken.Start);
        }
        ordered.RemoveAt(size);
        return new Page<T>(ordered, PageToken.ResumeAfter(key(ordered[^1])));
    }
}
