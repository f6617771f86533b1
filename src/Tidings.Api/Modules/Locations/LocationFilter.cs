using Google.Cloud.Location;

namespace Tidings.Api.Modules.Locations;

/// <summary>
/// The part of AIP-160 that location filters use: <c>FIELD=VALUE</c> (or <c>FIELD:VALUE</c>) terms joined by
/// <c>AND</c> or by whitespace, on <c>name</c>, <c>locationId</c>, <c>displayName</c> and <c>labels.KEY</c>; values bare
/// or double-quoted, compared ignoring case (Google's own example is <c>displayName=tokyo</c>); <c>FIELD:*</c> asks
/// that the field be set. Anything else is refused rather than half understood.
/// </summary>
internal sealed class LocationFilter
{
    private readonly IReadOnlyList<Term> _terms;

    private LocationFilter(IReadOnlyList<Term> terms) => _terms = terms;

    /// <summary>The filter that keeps every location.</summary>
    public static LocationFilter All { get; } = new([]);

    /// <exception cref="Kernel.Errors.TidingsException">INVALID_ARGUMENT for a filter outside the subset.</exception>
    public static LocationFilter Parse(string filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return All;
        }
        var terms = new List<Term>();
        var position = 0;
        while (SkipSpace(filter, ref position) < filter.Length)
        {
            if (terms.Count > 0 && ReadWord(filter, position) == "AND")
            {
                position += 3;
                SkipSpace(filter, ref position);
            }
            terms.Add(ReadTerm(filter, ref position) ?? throw LocationsErrors.InvalidFilter(filter));
        }
        return new LocationFilter(terms);
    }

    public bool Matches(Location location) => _terms.All(term => term.Matches(location));

    private static Term? ReadTerm(string filter, ref int position)
    {
        var start = position;
        while (position < filter.Length && (char.IsAsciiLetterOrDigit(filter[position]) || filter[position] is '_' or '.' or '-' or '/'))
        {
            position++;
        }
        var field = filter[start..position];
        SkipSpace(filter, ref position);
        if (position >= filter.Length || filter[position] is not ('=' or ':'))
        {
            return null;
        }
        var hasOperator = filter[position] == ':';
        position++;
        SkipSpace(filter, ref position);
        var value = ReadValue(filter, ref position);
        if (value is null || Selector(field) is not { } select)
        {
            return null;
        }
        var presence = hasOperator && value == "*";
        return new Term(select, presence ? null : value);
    }

    private static string? ReadValue(string filter, ref int position)
    {
        if (position < filter.Length && filter[position] == '"')
        {
            var close = filter.IndexOf('"', position + 1);
            if (close < 0)
            {
                return null;
            }
            var quoted = filter[(position + 1)..close];
            position = close + 1;
            return quoted;
        }
        var start = position;
        while (position < filter.Length && !char.IsWhiteSpace(filter[position]))
        {
            position++;
        }
        return position > start ? filter[start..position] : null;
    }

    private static Func<Location, string?>? Selector(string field) => field switch
    {
        "name" => location => location.Name,
        "locationId" or "location_id" => location => location.LocationId,
        "displayName" or "display_name" => location => location.DisplayName,
        _ when field.StartsWith("labels.", StringComparison.Ordinal) && field.Length > "labels.".Length =>
            location => location.Labels.TryGetValue(field["labels.".Length..], out var value) ? value : null,
        _ => null,
    };

    private static int SkipSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
        return position;
    }

    private static string ReadWord(string text, int position)
    {
        var end = position;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }
        return text[position..end];
    }

    /// <summary>One condition: the selected field equals <see cref="Value"/> ignoring case, or, with none, is set.</summary>
    private sealed record Term(Func<Location, string?> Select, string? Value)
    {
        public bool Matches(Location location) => Select(location) is { Length: > 0 } actual
            && (Value is null || string.Equals(actual, Value, StringComparison.OrdinalIgnoreCase));
    }
}
