using Google.Cloud.Location;
using Tidings.Api.Modules.Locations;
using Tidings.Api.Tests.Support;

namespace Tidings.Api.Tests.Modules.Locations;

/// <summary>ListLocations pages through the configured locations in id order, the same for every project.</summary>
public sealed class LocationCatalogueListTests
{
    [Fact]
    public void List_ByDefault_IsGoogleRegionsInIdOrderOnOnePage()
    {
        var response = new LocationCatalogue(new LocationsOptions()).List(new ListLocationsRequest { Name = "projects/demo" });

        Assert.Equal(GoogleRegions.Ids, response.Locations.Select(location => location.LocationId));
        Assert.All(response.Locations, location => Assert.Equal($"projects/demo/locations/{location.LocationId}", location.Name));
        Assert.Equal("", response.NextPageToken);
    }

    [Fact]
    public void List_SmallPages_VisitEveryLocationOnceInOrder()
    {
        var catalogue = new LocationCatalogue(new LocationsOptions { LocationIds = ["us-east1", "local", "asia-east1", "local"] });
        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var response = catalogue.List(new ListLocationsRequest { Name = "projects/demo", PageSize = 2, PageToken = token });
            Assert.True(response.Locations.Count <= 2);
            seen.AddRange(response.Locations.Select(location => location.LocationId));
            token = response.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(["asia-east1", "local", "us-east1"], seen);
        Assert.Equal(2, pages);
    }

    [Fact]
    public void List_WithFilter_KeepsOnlyMatches()
    {
        var response = new LocationCatalogue(new LocationsOptions()).List(new ListLocationsRequest { Name = "projects/demo", Filter = "displayName=tokyo" });

        Assert.Equal("asia-northeast1", Assert.Single(response.Locations).LocationId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("projects/")]
    [InlineData("projects/demo/locations")]
    [InlineData("demo")]
    public void List_MalformedProject_IsInvalidArgument(string name) =>
        DomainErrorAssert.Throws(LocationsErrors.InvalidProjectName(name),
            () => new LocationCatalogue(new LocationsOptions()).List(new ListLocationsRequest { Name = name }));

    [Fact]
    public void List_NegativePageSize_IsInvalidArgument() =>
        DomainErrorAssert.Throws(LocationsErrors.PageSizeTooSmall(-1),
            () => new LocationCatalogue(new LocationsOptions()).List(new ListLocationsRequest { Name = "projects/demo", PageSize = -1 }));

    [Fact]
    public void List_TokenNotIssuedByTheServer_IsInvalidArgument() =>
        DomainErrorAssert.Throws(LocationsErrors.InvalidPageToken("not-a-token!"),
            () => new LocationCatalogue(new LocationsOptions()).List(new ListLocationsRequest { Name = "projects/demo", PageToken = "not-a-token!" }));
}
