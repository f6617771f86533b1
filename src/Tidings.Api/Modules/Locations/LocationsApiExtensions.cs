using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tidings.Api.Modules.Locations;

/// <summary>Registers and maps the <c>google.cloud.location.Locations</c> mixin of Cloud Tasks and Cloud Scheduler.</summary>
public static class LocationsApiExtensions
{
    public static IServiceCollection AddLocations(this IServiceCollection services, LocationsOptions options)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton<LocationCatalogue>();
        return services;
    }

    /// <summary>
    /// Maps the gRPC service and its REST form (<see cref="LocationsRestRoutes"/>). The routes JSON transcoding
    /// derives from the mixin's own HTTP rules are kept out of matching: one of them would answer every
    /// <c>GET /v1/{anything}</c>. Needs <c>AddTidingsApi()</c> and <c>AddLocations()</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapLocationsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<LocationsService>().Add(endpoint =>
        {
            if (endpoint.Metadata.Any(metadata => metadata is GrpcJsonTranscodingMetadata))
            {
                endpoint.Metadata.Add(new SuppressMatchingMetadata());
            }
        });
        endpoints.MapLocationsRest();
        return endpoints;
    }
}
