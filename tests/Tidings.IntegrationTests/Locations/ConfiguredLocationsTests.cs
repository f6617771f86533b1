using Google.Cloud.Location;
using Tidings.Api.Modules.Locations;
using Tidings.IntegrationTests.Infrastructure;
using LocationsClient = Google.Cloud.Location.Locations.LocationsClient;

namespace Tidings.IntegrationTests.Locations;

/// <summary>The <c>Locations</c> setting decides what ListLocations answers; <c>default</c> keeps Google's regions.</summary>
public sealed class ConfiguredLocationsTests(ConfiguredLocationsFixture server) : IClassFixture<ConfiguredLocationsFixture>
{
    [Fact]
    public async Task ListLocations_DefaultAndOwnLocation_AnswersBothInIdOrder()
    {
        var response = await new LocationsClient(server.Channel).ListLocationsAsync(
            new ListLocationsRequest { Name = $"projects/{TidingsServerFixture.NewProject()}" });

        var expected = GoogleRegions.Ids.Append("local").Order(StringComparer.Ordinal);
        Assert.Equal(expected, response.Locations.Select(location => location.LocationId));
        Assert.Equal("", response.Locations.Single(location => location.LocationId == "local").DisplayName);
    }
}
