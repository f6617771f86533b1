using Tidings.Api.Modules.Locations;
using Tidings.Api.Tests.Support;

namespace Tidings.Api.Tests.Modules.Locations;

/// <summary>GetLocation describes any well-formed location, listed or not, and refuses malformed names.</summary>
public sealed class LocationCatalogueGetTests
{
    private readonly LocationCatalogue _catalogue = new(new LocationsOptions { LocationIds = ["us-central1", "local"] });

    [Fact]
    public void Get_GoogleRegion_HasItsDisplayNameAndRegionLabel()
    {
        var location = _catalogue.Get("projects/demo/locations/us-central1");

        Assert.Equal("projects/demo/locations/us-central1", location.Name);
        Assert.Equal("us-central1", location.LocationId);
        Assert.Equal("Iowa", location.DisplayName);
        Assert.Equal("us-central1", Assert.Single(location.Labels, label => label.Key == LocationCatalogue.RegionLabel).Value);
    }

    [Fact]
    public void Get_ConfiguredLocationOfOurOwn_HasNoDisplayName()
    {
        var location = _catalogue.Get("projects/demo/locations/local");

        Assert.Equal("local", location.LocationId);
        Assert.Equal("", location.DisplayName);
    }

    [Fact]
    public void Get_UnlistedLocation_IsDescribedBecauseQueuesAndJobsMayUseIt()
    {
        var location = _catalogue.Get("projects/example.com:demo/locations/europe-west1");

        Assert.Equal("projects/example.com:demo/locations/europe-west1", location.Name);
        Assert.Equal("Belgium", location.DisplayName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("projects/demo")]
    [InlineData("projects/demo/locations/")]
    [InlineData("projects/demo/locations/us_central1")]
    [InlineData("projects/demo/locations/us-central1/queues/q")]
    [InlineData("locations/us-central1")]
    public void Get_MalformedName_IsInvalidArgument(string name) =>
        DomainErrorAssert.Throws(LocationsErrors.InvalidLocationName(name), () => _catalogue.Get(name));
}
