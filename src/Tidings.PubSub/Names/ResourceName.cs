using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Names;

/// <summary>
/// A validated full resource name <c>projects/{project}/{collection}/{id}</c>. Every project id is accepted
/// (the emulator accepts even an empty one, which a Node client without a project sends).
/// </summary>
public readonly record struct ResourceName(ResourceKind Kind, string Project, string Id)
{
    private const int MinIdLength = 3;
    private const int MaxIdLength = 255;

    public string FullName => $"projects/{Project}/{Kind.Collection}/{Id}";

    public string ProjectName => $"projects/{Project}";

    public override string ToString() => FullName;

    /// <summary>Parses and validates a full name, raising Google's INVALID_ARGUMENT text when it is malformed.</summary>
    public static ResourceName Parse(ResourceKind kind, string? fullName)
    {
        fullName ??= "";
        var parts = fullName.Split('/');
        if (parts.Length != 4 || parts[0] != "projects" || parts[2] != kind.Collection || !IsValidId(parts[3]))
        {
            throw PubSubErrors.InvalidName(kind.Collection, fullName);
        }
        return new ResourceName(kind, parts[1], parts[3]);
    }

    /// <summary>Parses <c>projects/{project}</c> and returns the project id.</summary>
    public static string ParseProject(string? projectName)
    {
        projectName ??= "";
        var parts = projectName.Split('/');
        if (parts.Length != 2 || parts[0] != "projects")
        {
            throw PubSubErrors.InvalidName("projects", projectName);
        }
        return parts[1];
    }

    /// <summary>
    /// Google's id rules: starts with a letter, then letters, digits and <c>-_.~+%</c>, 3 to 255 characters,
    /// and not starting with <c>goog</c> (case-sensitive, as the emulator checks it).
    /// </summary>
    public static bool IsValidId(string id)
    {
        if (id.Length is < MinIdLength or > MaxIdLength || !char.IsAsciiLetter(id[0]) || id.StartsWith("goog", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or '~' or '+' or '%'))
            {
                return false;
            }
        }
        return true;
    }
}
