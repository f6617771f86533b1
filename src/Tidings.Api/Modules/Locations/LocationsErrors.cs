using Tidings.Kernel.Errors;

namespace Tidings.Api.Modules.Locations;

/// <summary>
/// Every error the Locations mixin answers. Google's texts for these cases are not recorded, so the texts are
/// Tidings' own, shaped like Cloud Tasks' for a malformed queue name; the codes are AIP's.
/// </summary>
internal static class LocationsErrors
{
    public static TidingsException InvalidProjectName(string name) =>
        new(ErrorCode.InvalidArgument, $"Project name must be formatted: \"projects/<PROJECT_ID>\", not \"{name}\".");

    public static TidingsException InvalidLocationName(string name) =>
        new(ErrorCode.InvalidArgument, $"Location name must be formatted: \"projects/<PROJECT_ID>/locations/<LOCATION_ID>\", not \"{name}\".");

    public static TidingsException PageSizeTooSmall(int pageSize) =>
        new(ErrorCode.InvalidArgument, $"The value for page_size is too small. You passed {pageSize} in the request, but the minimum value is 0.");

    public static TidingsException InvalidPageToken(string pageToken) =>
        new(ErrorCode.InvalidArgument, $"The page token is invalid (page_token={pageToken}).");

    public static TidingsException InvalidFilter(string filter) =>
        new(ErrorCode.InvalidArgument,
            $"Invalid filter \"{filter}\": use FIELD=VALUE terms joined by AND, on name, locationId, displayName or labels.KEY.");

    public static TidingsException InvalidNumber(string parameter, string value) =>
        new(ErrorCode.InvalidArgument, $"Invalid value at '{parameter}' (TYPE_INT32), \"{value}\"");
}
