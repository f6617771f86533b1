using Google.Cloud.Location;
using Tidings.Api.Modules.Locations;
using Tidings.Api.Tests.Support;

namespace Tidings.Api.Tests.Modules.Locations;

/// <summary>The AIP-160 subset location filters use: equality terms on names and labels, joined by AND.</summary>
public sealed class LocationFilterTests
{
    private static readonly Location SaoPaulo = Describe("southamerica-east1", "São Paulo");

    [Theory]
    [InlineData("")]
    [InlineData("displayName=\"são paulo\"")]
    [InlineData("displayName=\"São Paulo\"")]
    [InlineData("display_name = \"SÃO PAULO\"")]
    [InlineData("locationId=southamerica-east1")]
    [InlineData("location_id:southamerica-east1")]
    [InlineData("name=projects/demo/locations/southamerica-east1")]
    [InlineData("labels.cloud.googleapis.com/region=southamerica-east1")]
    [InlineData("labels.cloud.googleapis.com/region:*")]
    [InlineData("locationId=southamerica-east1 AND displayName=\"São Paulo\"")]
    [InlineData("locationId=southamerica-east1 labels.cloud.googleapis.com/region:*")]
    public void Matches_TermsTheLocationMeets_IsTrue(string filter) =>
        Assert.True(LocationFilter.Parse(filter).Matches(SaoPaulo));

    [Theory]
    [InlineData("displayName=tokyo")]
    [InlineData("locationId=southamerica")]
    [InlineData("labels.tier=gold")]
    [InlineData("labels.tier:*")]
    [InlineData("locationId=southamerica-east1 AND displayName=tokyo")]
    public void Matches_ATermTheLocationFails_IsFalse(string filter) =>
        Assert.False(LocationFilter.Parse(filter).Matches(SaoPaulo));

    [Theory]
    [InlineData("tokyo")]
    [InlineData("displayName")]
    [InlineData("displayName=")]
    [InlineData("displayName=\"Tokyo")]
    [InlineData("displayName=São Paulo")]
    [InlineData("labels.=x")]
    [InlineData("metadata.x=1")]
    [InlineData("displayName=tokyo OR displayName=osaka")]
    [InlineData("NOT displayName=tokyo")]
    [InlineData("locationId=a AND")]
    public void Parse_OutsideTheSubset_IsInvalidArgument(string filter) =>
        DomainErrorAssert.Throws(LocationsErrors.InvalidFilter(filter), () => LocationFilter.Parse(filter));

    private static Location Describe(string id, string displayName)
    {
        var location = new Location { Name = $"projects/demo/locations/{id}", LocationId = id, DisplayName = displayName };
        location.Labels[LocationCatalogue.RegionLabel] = id;
        return location;
    }
}
