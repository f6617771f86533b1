using Tidings.Api.Modules.Locations;

namespace Tidings.Api.Tests.Modules.Locations;

/// <summary>The configured list of locations: Google's regions unless replaced, with <c>default</c> standing for them.</summary>
public sealed class LocationsOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    [InlineData("default")]
    public void Parse_EmptyOrDefault_IsGoogleRegions(string list) =>
        Assert.Equal(GoogleRegions.Ids, LocationsOptions.Parse(list).LocationIds);

    [Fact]
    public void Parse_OwnList_ReplacesGoogleRegions() =>
        Assert.Equal(["local", "us-central1"], LocationsOptions.Parse(" local , us-central1,local").LocationIds);

    [Fact]
    public void Parse_DefaultAndOwn_AddsToGoogleRegions()
    {
        var ids = LocationsOptions.Parse("default,local,us-central1").LocationIds;

        Assert.Equal(GoogleRegions.Ids.Count + 1, ids.Count);
        Assert.Contains("local", ids);
    }
}
