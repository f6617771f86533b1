using YamlDotNet.RepresentationModel;

namespace Tidings.Bootstrap;

/// <summary>
/// Completes a bootstrap file's short names with its <c>project</c> and <c>location</c>: <c>orders</c> becomes
/// <c>projects/demo/topics/orders</c>, a queue <c>work</c> <c>projects/demo/locations/us-central1/queues/work</c>.
/// A name with a slash is taken as a full name and left for the API to check.
/// </summary>
internal sealed record ShortNames(string? Project, string? Location)
{
    /// <exception cref="YamlDotNet.Core.YamlException">A short name, and the file lacks the project or location it needs.</exception>
    public string Complete(BootstrapKind kind, string name, YamlNode entry)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return name;
        }
        if (Project is null)
        {
            throw BootstrapFile.Error(entry, $"'{name}' is a short name: give the full name (projects/...) or a top-level 'project'.");
        }

        return kind switch
        {
            BootstrapKind.Schema => $"projects/{Project}/schemas/{name}",
            BootstrapKind.Topic => $"projects/{Project}/topics/{name}",
            BootstrapKind.Subscription => $"projects/{Project}/subscriptions/{name}",
            _ when Location is null => throw BootstrapFile.Error(entry, $"'{name}' is a short name: give the full name (projects/.../locations/...) or a top-level 'location'."),
            BootstrapKind.Queue => $"projects/{Project}/locations/{Location}/queues/{name}",
            _ => $"projects/{Project}/locations/{Location}/jobs/{name}",
        };
    }
}
