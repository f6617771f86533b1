using System.Globalization;
using Google.Cloud.Location;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tidings.Api.Rest;
using Tidings.Kernel.Errors;

namespace Tidings.Api.Modules.Locations;

/// <summary>
/// The Locations mixin's REST form, written by hand rather than transcoded: the mixin's own rules include
/// <c>GET /v1/{name=locations}</c>, which transcoding would turn into a catch-all <c>GET /v1/{name}</c>. Cloud Tasks
/// publishes the mixin under <c>/v2</c> (gcloud calls it there) and Cloud Scheduler under <c>/v1</c> (gcloud, and
/// both Node clients in REST mode, whose copy of the mixin's rules says <c>/v1</c>); both answer the same locations.
/// </summary>
internal static class LocationsRestRoutes
{
    /// <summary>The API versions whose paths carry the mixin: Cloud Scheduler's v1 and Cloud Tasks' v2.</summary>
    private static readonly string[] Versions = ["v1", "v2"];

    public static IEndpointRouteBuilder MapLocationsRest(this IEndpointRouteBuilder endpoints)
    {
        foreach (var version in Versions)
        {
            endpoints.MapGet($"/{version}/projects/{{project}}/locations", List);
            endpoints.MapGet($"/{version}/projects/{{project}}/locations/{{location}}", Get);
        }
        return endpoints;
    }

    private static IResult List(string project, HttpRequest request, LocationCatalogue catalogue) => Answer(() =>
        catalogue.List(new ListLocationsRequest
        {
            Name = $"projects/{project}",
            Filter = Query(request, "filter", "filter") ?? "",
            PageSize = Int32Query(request, "pageSize", "page_size"),
            PageToken = Query(request, "pageToken", "page_token") ?? "",
        }));

    private static IResult Get(string project, string location, LocationCatalogue catalogue) =>
        Answer(() => catalogue.Get($"projects/{project}/locations/{location}"));

    private static IResult Answer(Func<IMessage> call)
    {
        try
        {
            return new RestMessageResult(call());
        }
        catch (TidingsException error)
        {
            return new RestErrorResult(error);
        }
    }

    /// <summary>A query parameter by its JSON name or its proto name, as Google accepts either.</summary>
    private static string? Query(HttpRequest request, string jsonName, string protoName) =>
        request.Query.TryGetValue(jsonName, out var value) || request.Query.TryGetValue(protoName, out value) ? value.ToString() : null;

    private static int Int32Query(HttpRequest request, string jsonName, string protoName)
    {
        var text = Query(request, jsonName, protoName);
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw LocationsErrors.InvalidNumber(protoName, text);
    }
}
