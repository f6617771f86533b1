using Tidings.Kernel.Names;
using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Names;

/// <summary>
/// A validated full resource name <c>projects/{project}/{collection}/{id}</c> of one <see cref="ResourceKind"/>.
/// Every project id is accepted (the emulator accepts even an empty one, which a Node client without a project sends).
/// </summary>
public readonly record struct ResourceName
{
    private static readonly SegmentRule IdCharacters = SegmentRules.Characters("-_.~+%", 3, 255);

    private ResourceName(ResourceKind kind, ResourcePath path)
    {
        Kind = kind;
        Path = path;
    }

    public ResourceKind Kind { get; }

    public ResourcePath Path { get; }

    public string Project => Path.Project;

    public string Id => Path.Id;

    public string FullName => Path.FullName;

    public string ProjectName => Path.Parent!.FullName;

    public override string ToString() => FullName;

    /// <summary>The name of a resource Tidings names itself.</summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> breaks Google's id rules.</exception>
    public static ResourceName Create(ResourceKind kind, string project, string id) => new(kind, kind.Pattern.Create(project, id));

    /// <summary>Parses and validates a full name, raising Google's INVALID_ARGUMENT text when it is malformed.</summary>
    public static ResourceName Parse(ResourceKind kind, string? fullName) =>
        kind.Pattern.TryParse(fullName, out var path)
            ? new ResourceName(kind, path)
            : throw PubSubErrors.InvalidName(kind.Collection, fullName ?? "");

    /// <summary>Parses <c>projects/{project}</c> and returns the project id.</summary>
    public static string ParseProject(string? projectName) =>
        ResourceKind.Project.TryParse(projectName, out var path)
            ? path.Project
            : throw PubSubErrors.InvalidName(ResourceKind.Project.Collection, projectName ?? "");

    /// <summary>
    /// Google's id rules: starts with a letter, then letters, digits and <c>-_.~+%</c>, 3 to 255 characters,
    /// and not starting with <c>goog</c> (case-sensitive, as the emulator checks it).
    /// </summary>
    public static bool IsValidId(string id) =>
        id.Length >= 1 && char.IsAsciiLetter(id[0]) && !id.StartsWith("goog", StringComparison.Ordinal) && IdCharacters(id);
}
