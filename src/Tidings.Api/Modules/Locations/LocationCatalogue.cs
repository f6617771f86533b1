using Google.Cloud.Location;
using Tidings.Kernel.Paging;

namespace Tidings.Api.Modules.Locations;

/// <summary>
/// Answers the Locations mixin for every project alike: ListLocations pages through the configured locations in
/// ordinal id order, GetLocation describes any well-formed location, listed or not, because Cloud Tasks and Cloud
/// Scheduler accept queues and jobs in every location. Immutable, so thread-safe.
/// </summary>
internal sealed class LocationCatalogue(LocationsOptions options)
{
    /// <summary>The label Google puts on every region, read by gcloud to pick a default location.</summary>
    public const string RegionLabel = "cloud.googleapis.com/region";

    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    private readonly IReadOnlyList<string> _ids = [.. options.LocationIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <exception cref="Kernel.Errors.TidingsException">INVALID_ARGUMENT for a malformed name.</exception>
    public Location Get(string name)
    {
        if (!LocationNames.Location.TryParse(name, out var path))
        {
            throw LocationsErrors.InvalidLocationName(name);
        }
        return Describe(path.Project, path.Id);
    }

    /// <exception cref="Kernel.Errors.TidingsException">INVALID_ARGUMENT for a malformed name, page size, token or filter.</exception>
    public ListLocationsResponse List(ListLocationsRequest request)
    {
        if (!LocationNames.Project.TryParse(request.Name, out var project))
        {
            throw LocationsErrors.InvalidProjectName(request.Name);
        }
        if (request.PageSize < 0)
        {
            throw LocationsErrors.PageSizeTooSmall(request.PageSize);
        }
        if (!PageToken.TryParse(request.PageToken, out var token))
        {
            throw LocationsErrors.InvalidPageToken(request.PageToken);
        }
        var filter = LocationFilter.Parse(request.Filter);
        var size = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var matching = _ids.Select(id => Describe(project.Project, id)).Where(filter.Matches);
        var page = Page<Location>.Of(matching, location => location.LocationId, size, token);
        var response = new ListLocationsResponse { NextPageToken = page.NextPageToken };
        response.Locations.Add(page.Items);
        return response;
    }

    private static Location Describe(string project, string id)
    {
        var location = new Location
        {
            Name = LocationNames.Location.Create(project, id).FullName,
            LocationId = id,
            DisplayName = GoogleRegions.DisplayNames.GetValueOrDefault(id, ""),
        };
        location.Labels[RegionLabel] = id;
        return location;
    }
}
