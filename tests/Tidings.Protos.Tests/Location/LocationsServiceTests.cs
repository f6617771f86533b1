using Google.Cloud.Location;
using Google.Protobuf.Reflection;
using Tidings.Protos.Tests.Support;

namespace Tidings.Protos.Tests.Location;

/// <summary>The Locations mixin keeps Google's name, methods and generic /v1 bindings (with the additional ones).</summary>
public sealed class LocationsServiceTests
{
    private static readonly ServiceDescriptor Service = Locations.Descriptor;

    [Fact]
    public void Service_FullName_IsGoogles()
    {
        Assert.Equal("google.cloud.location.Locations", Service.FullName);
        Assert.Equal(["GetLocation", "ListLocations"], Service.Methods.Select(m => m.Name).Order());
    }

    [Theory]
    [InlineData("ListLocations", "GET /v1/{name=locations}", "GET /v1/{name=projects/*}/locations")]
    [InlineData("GetLocation", "GET /v1/{name=locations/*}", "GET /v1/{name=projects/*/locations/*}")]
    public void Method_HttpRule_HasOneAdditionalBinding(string method, string rule, string additional)
    {
        var http = Descriptors.Method(Service, method).GetOptions().GetExtension(Google.Api.AnnotationsExtensions.Http);

        Assert.Equal(rule, Descriptors.Describe(http));
        Assert.Equal([additional], http.AdditionalBindings.Select(Descriptors.Describe));
    }

    [Theory]
    [InlineData("name", 1)]
    [InlineData("labels", 2)]
    [InlineData("metadata", 3)]
    [InlineData("location_id", 4)]
    [InlineData("display_name", 5)]
    public void LocationField_Number_IsGoogles(string field, int number)
    {
        Assert.Equal(number, Descriptors.Field("google.cloud.location.Location", field).FieldNumber);
    }
}
