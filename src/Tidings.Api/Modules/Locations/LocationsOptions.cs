namespace Tidings.Api.Modules.Locations;

/// <summary>
/// Which locations the <c>google.cloud.location.Locations</c> mixin of Cloud Tasks and Cloud Scheduler lists. Queues
/// and jobs may live in any location whatever this says (Tidings accepts every well-formed one), so the list only
/// tells tools that enumerate locations where to look.
/// </summary>
public sealed class LocationsOptions
{
    /// <summary>The word that stands for every one of <see cref="GoogleRegions.Ids"/> in a configured list.</summary>
    public const string DefaultWord = "default";

    /// <summary>The location ids ListLocations answers; default <see cref="GoogleRegions.Ids"/>. Duplicates are ignored.</summary>
    public IReadOnlyList<string> LocationIds { get; init; } = GoogleRegions.Ids;

    /// <summary>
    /// Options from a comma-separated list of location ids, where <see cref="DefaultWord"/> stands for Google's regions
    /// (<c>default,local</c> adds <c>local</c> to them); an empty list means the default.
    /// </summary>
    public static LocationsOptions Parse(string list)
    {
        var ids = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(id => id == DefaultWord ? GoogleRegions.Ids : [id])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return ids.Count == 0 ? new LocationsOptions() : new LocationsOptions { LocationIds = ids };
    }
}
