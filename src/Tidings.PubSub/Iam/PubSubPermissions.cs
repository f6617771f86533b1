using Tidings.PubSub.Names;

namespace Tidings.PubSub.Iam;

/// <summary>
/// The Pub/Sub permissions that apply to each kind of resource (Google's Pub/Sub access-control page): what
/// TestIamPermissions answers of those asked. Tidings enforces no IAM, so a caller holds every one of them on a
/// resource that exists. Project-level permissions (<c>pubsub.topics.create</c>, <c>…list</c>) apply to no topic.
/// </summary>
internal static class PubSubPermissions
{
    private static readonly IReadOnlySet<string> Topic = Set("topics", "attachSubscription", "delete", "detachSubscription", "get", "getIamPolicy", "publish", "setIamPolicy", "update", "updateTag");

    private static readonly IReadOnlySet<string> Subscription = Set("subscriptions", "consume", "delete", "get", "getIamPolicy", "setIamPolicy", "update");

    private static readonly IReadOnlySet<string> Snapshot = Set("snapshots", "delete", "get", "getIamPolicy", "seek", "setIamPolicy", "update");

    private static readonly IReadOnlySet<string> Schema = Set("schemas", "attach", "commit", "delete", "get", "getIamPolicy", "listRevisions", "rollback", "setIamPolicy", "validate");

    public static IReadOnlySet<string> Of(ResourceKind kind) =>
        kind == ResourceKind.Topic ? Topic
        : kind == ResourceKind.Subscription ? Subscription
        : kind == ResourceKind.Snapshot ? Snapshot
        : kind == ResourceKind.Schema ? Schema
        : throw new ArgumentOutOfRangeException(nameof(kind), kind, null);

    private static HashSet<string> Set(string collection, params string[] verbs) =>
        new(verbs.Select(verb => $"pubsub.{collection}.{verb}"), StringComparer.Ordinal);
}
