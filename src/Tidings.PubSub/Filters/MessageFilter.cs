using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Filters;

/// <summary>
/// A subscription's filter, compiled once into a small tree that tests a message's attributes (never its data):
/// existence (<c>attributes:k</c>), equality (<c>=</c>, and <c>!=</c>, which missing keys satisfy too), prefixes
/// (<c>hasPrefix</c>), <c>NOT</c>/<c>-</c>, and <c>AND</c>/<c>OR</c> with Google's rule that the two never mix
/// at one level without parentheses. Immutable and thread-safe; <see cref="Matches"/> allocates nothing.
/// </summary>
public sealed class MessageFilter
{
    /// <summary>Google's limit on a filter's length, in UTF-8 bytes.</summary>
    public const int MaxLengthBytes = 256;

    private MessageFilter(string text, FilterNode root)
    {
        Text = text;
        Root = root;
    }

    /// <summary>The filter as the subscription was created with it.</summary>
    public string Text { get; }

    internal FilterNode Root { get; }

    /// <summary>Whether a message with these attributes is delivered.</summary>
    public bool Matches(IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        if (attributes is KeyValuePair<string, string>[] array)
        {
            return Root.Matches(array); // what the log and the API hand over
        }
        var count = attributes.Count;
        var copy = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                copy[i] = attributes[i];
            }
            return Root.Matches(copy.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(copy, clearArray: true);
        }
    }

    /// <summary>The compiled filter, or null for the empty filter (every message matches).</summary>
    /// <exception cref="Kernel.Errors.TidingsException">INVALID_ARGUMENT naming what is wrong and where.</exception>
    public static MessageFilter? Compile(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }
        return TryParse(text, out var filter, out var error) ? filter : throw PubSubErrors.InvalidFilter(error);
    }

    /// <summary>Parses a non-empty filter; on failure, <paramref name="error"/> says what is wrong and where.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out MessageFilter? filter, out FilterError error)
    {
        filter = null;
        error = default;
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > MaxLengthBytes)
        {
            error = new FilterError(FilterProblem.TooLong, 1, bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return false;
        }
        try
        {
            filter = new MessageFilter(text, FilterParser.Parse(text));
            return true;
        }
        catch (FilterSyntaxException exception)
        {
            error = exception.Error;
            return false;
        }
    }
}
