using Tidings.Kernel.Names;

namespace Tidings.PubSub.Names;

/// <summary>
/// A Pub/Sub resource collection: its name pattern <c>projects/{project}/{collection}/{id}</c>, whose collection word
/// is also the one Google puts in its invalid-name errors.
/// </summary>
public sealed class ResourceKind
{
    /// <summary><c>projects/{project}</c>: every project id is accepted, even an empty one, as the emulator does.</summary>
    internal static readonly ResourcePattern Project = ResourcePattern.Root("projects", SegmentRules.Any);

    public static readonly ResourceKind Topic = new("topics");
    public static readonly ResourceKind Subscription = new("subscriptions");
    public static readonly ResourceKind Snapshot = new("snapshots");
    public static readonly ResourceKind Schema = new("schemas");

    private ResourceKind(string collection) => Pattern = Project.Child(collection, ResourceName.IsValidId);

    public ResourcePattern Pattern { get; }

    public string Collection => Pattern.Collection;

    public override string ToString() => Collection;
}
