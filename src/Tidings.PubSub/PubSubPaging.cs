using Tidings.Kernel.Paging;
using Tidings.PubSub.Errors;

namespace Tidings.PubSub;

/// <summary>Pub/Sub's paging rules: 100 items when the page size is 0, at most 1000, and its errors for a bad size or token.</summary>
internal static class PubSubPaging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>One page of <paramref name="items"/> in ordinal <paramref name="key"/> order, as a list call asked for it.</summary>
    public static Page<T> Of<T>(IEnumerable<T> items, Func<T, string> key, int pageSize, string pageToken)
    {
        if (pageSize < 0)
        {
            throw PubSubErrors.PageSizeTooSmall(pageSize);
        }
        if (!PageToken.TryParse(pageToken, out var token))
        {
            throw PubSubErrors.InvalidPageToken(pageToken);
        }
        var size = pageSize == 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        return Page<T>.Of(items, key, size, token);
    }
}
