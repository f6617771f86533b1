using Tidings.Configuration;
using Tidings.IntegrationTests.Infrastructure;

namespace Tidings.IntegrationTests.Locations;

/// <summary>A server started as with <c>--locations default,local</c>.</summary>
public sealed class ConfiguredLocationsFixture : TidingsServerFixture
{
    public const string Locations = "default,local";

    private protected override void ConfigureOptions(TidingsOptions options) => options.Locations = Locations;
}
