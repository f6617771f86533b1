using Google.Cloud.Location;
using Grpc.Core;
using Tidings.Api.Modules.Locations;
using Tidings.IntegrationTests.Infrastructure;
using LocationsClient = Google.Cloud.Location.Locations.LocationsClient;

namespace Tidings.IntegrationTests.Locations;

/// <summary>The Locations mixin over gRPC, as the Cloud Tasks and Cloud Scheduler clients call it.</summary>
public sealed class LocationsGrpcTests(TidingsServerFixture server) : IClassFixture<TidingsServerFixture>
{
    private readonly LocationsClient _client = new(server.Channel);
    private readonly string _project = TidingsServerFixture.NewProject();

    [Fact]
    public async Task ListLocations_ByDefault_AnswersGoogleRegions()
    {
        var response = await _client.ListLocationsAsync(new ListLocationsRequest { Name = $"projects/{_project}" });

        Assert.Equal(GoogleRegions.Ids, response.Locations.Select(location => location.LocationId));
        Assert.Equal("", response.NextPageToken);
    }

    [Fact]
    public async Task ListLocations_PageByPage_ReachesTheEndWithoutRepeats()
    {
        var seen = new List<string>();
        var request = new ListLocationsRequest { Name = $"projects/{_project}", PageSize = 10 };
        do
        {
            var response = await _client.ListLocationsAsync(request);
            seen.AddRange(response.Locations.Select(location => location.LocationId));
            request.PageToken = response.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(GoogleRegions.Ids, seen);
    }

    [Fact]
    public async Task GetLocation_Region_AnswersItsNameLabelAndDisplayName()
    {
        var location = await _client.GetLocationAsync(new GetLocationRequest { Name = $"projects/{_project}/locations/europe-west1" });

        Assert.Equal($"projects/{_project}/locations/europe-west1", location.Name);
        Assert.Equal("europe-west1", location.LocationId);
        Assert.Equal("Belgium", location.DisplayName);
        Assert.Equal("europe-west1", location.Labels[LocationCatalogue.RegionLabel]);
    }

    [Fact]
    public async Task GetLocation_MalformedName_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.GetLocationAsync(new GetLocationRequest { Name = $"projects/{_project}/locations/us_central1" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(LocationsErrors.InvalidLocationName($"projects/{_project}/locations/us_central1").Message, error.Status.Detail);
    }
}
