using Tidings.Kernel.Names;

namespace Tidings.Api.Modules.Locations;

/// <summary>The names the Locations mixin reads: <c>projects/{project}</c> and <c>projects/{project}/locations/{location}</c>.</summary>
public static class LocationNames
{
    /// <summary>A location id: ASCII letters, digits and hyphens, as Google's region ids are, at most 100 characters.</summary>
    public static SegmentRule LocationIdRule { get; } = SegmentRules.Characters("-", 1, 100);

    /// <summary>A project id, a domain-scoped one (<c>example.com:project</c>) or a project number.</summary>
    internal static ResourcePattern Project { get; } = ResourcePattern.Root("projects", SegmentRules.Characters("-.:", 1, 100));

    internal static ResourcePattern Location { get; } = Project.Child("locations", LocationIdRule);

    public static bool IsValidLocationId(string id) => !id.Contains('/', StringComparison.Ordinal) && LocationIdRule(id);
}
