using Tidings.PubSub.Errors;

namespace Tidings.PubSub;

/// <summary>One page of a listing in name order; the token is the last name returned, empty on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string NextPageToken)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static Page<T> Of(IEnumerable<T> items, Func<T, string> key, int pageSize, string pageToken)
    {
        if (pageSize < 0)
        {
            throw PubSubErrors.InvalidArgument($"The value for page_size is too small. You passed {pageSize} in the request, but the minimum value is 0.");
        }
        var size = pageSize == 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        var ordered = items.Where(item => string.CompareOrdinal(key(item), pageToken) > 0)
            .OrderBy(key, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        if (ordered.Count <= size)
        {
            return new Page<T>(ordered, "");
        }
        ordered.RemoveAt(size);
        return new Page<T>(ordered, key(ordered[^1]));
    }
}
