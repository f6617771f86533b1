namespace Tidings.Api.Modules.Locations;

/// <summary>
/// The regions Cloud Tasks and Cloud Scheduler run in at Google, with the city or area Google's location pages name
/// them by: the locations Tidings lists unless told otherwise (<see cref="LocationsOptions.LocationIds"/>).
/// </summary>
public static class GoogleRegions
{
    /// <summary>Region id to display name.</summary>
    public static IReadOnlyDictionary<string, string> DisplayNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["asia-east1"] = "Taiwan",
        ["asia-east2"] = "Hong Kong",
        ["asia-northeast1"] = "Tokyo",
        ["asia-northeast2"] = "Osaka",
        ["asia-northeast3"] = "Seoul",
        ["asia-south1"] = "Mumbai",
        ["asia-southeast1"] = "Singapore",
        ["asia-southeast2"] = "Jakarta",
        ["australia-southeast1"] = "Sydney",
        ["europe-central2"] = "Warsaw",
        ["europe-north1"] = "Finland",
        ["europe-west1"] = "Belgium",
        ["europe-west2"] = "London",
        ["europe-west3"] = "Frankfurt",
        ["europe-west4"] = "Netherlands",
        ["europe-west6"] = "Zurich",
        ["northamerica-northeast1"] = "Montréal",
        ["southamerica-east1"] = "São Paulo",
        ["us-central1"] = "Iowa",
        ["us-east1"] = "South Carolina",
        ["us-east4"] = "Northern Virginia",
        ["us-west1"] = "Oregon",
        ["us-west2"] = "Los Angeles",
        ["us-west3"] = "Salt Lake City",
        ["us-west4"] = "Las Vegas",
    };

    /// <summary>Every region id, in ordinal order.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. DisplayNames.Keys.Order(StringComparer.Ordinal)];
}
