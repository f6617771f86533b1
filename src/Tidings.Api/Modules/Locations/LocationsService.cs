using Google.Cloud.Location;
using Grpc.Core;

namespace Tidings.Api.Modules.Locations;

/// <summary>google.cloud.location.Locations over gRPC, the mixin the Cloud Tasks and Cloud Scheduler clients call.</summary>
internal sealed class LocationsService(LocationCatalogue catalogue) : Google.Cloud.Location.Locations.LocationsBase
{
    public override Task<ListLocationsResponse> ListLocations(ListLocationsRequest request, ServerCallContext context) =>
        Task.FromResult(catalogue.List(request));

    public override Task<Location> GetLocation(GetLocationRequest request, ServerCallContext context) =>
        Task.FromResult(catalogue.Get(request.Name));
}
