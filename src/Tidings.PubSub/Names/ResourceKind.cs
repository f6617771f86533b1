namespace Tidings.PubSub.Names;

/// <summary>A Pub/Sub resource collection: its URL segment, which is also the word Google puts in errors.</summary>
public sealed class ResourceKind
{
    public static readonly ResourceKind Topic = new("topics");
    public static readonly ResourceKind Subscription = new("subscriptions");
    public static readonly ResourceKind Snapshot = new("snapshots");
    public static readonly ResourceKind Schema = new("schemas");

    private ResourceKind(string collection) => Collection = collection;

    public string Collection { get; }

    public override string ToString() => Collection;
}
