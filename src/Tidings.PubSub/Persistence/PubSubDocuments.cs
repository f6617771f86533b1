using System.Globalization;
using System.Text.Json;
using Tidings.Kernel.Iam;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Filters;
using Tidings.PubSub.Names;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;
using Tidings.Storage.State;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// How Pub/Sub state is kept in the state store: one document per topic, subscription and ack state, plus the last
/// subscription id. Every document carries a format version; see FORMAT.md beside this file for the layouts and
/// the rules for changing them.
/// </summary>
internal static class PubSubDocuments
{
    public const string TopicKind = "pubsub.topic";
    public const string SubscriptionKind = "pubsub.subscription";
    public const string AckKind = "pubsub.ack";
    public const string LeaseKind = "pubsub.lease";
    public const string MetaKind = "pubsub.meta";
    public const string PolicyKind = "pubsub.iam";
    public const string LastSubscriptionIdKey = "last-subscription-id";

    /// <summary>
    /// The format version this build writes and the newest it reads, for every JSON kind; ack records have their
    /// own (<see cref="AckStateCodec.NewestVersion"/>).
    /// </summary>
    public const int FormatVersion = 1;

    public static StateChange PutTopic(Topic topic) => PutTopic(topic, topic.Settings);

    public static StateChange PutTopic(Topic topic, TopicSettings settings) =>
        StateChange.Put(TopicKind, topic.Name.FullName, JsonSerializer.SerializeToUtf8Bytes(new TopicDocument(FormatVersion, topic.Log.LogId, settings)));

    public static StateChange DeleteTopic(Topic topic) => StateChange.Delete(TopicKind, topic.Name.FullName);

    public static StateChange PutSubscription(Subscription subscription, SubscriptionSettings settings, bool topicDeleted, bool detached) =>
        StateChange.Put(SubscriptionKind, subscription.Name.FullName, JsonSerializer.SerializeToUtf8Bytes(
            new SubscriptionDocument(FormatVersion, subscription.Id, subscription.Topic.Log.LogId, topicDeleted, detached, settings, subscription.StartSequence)));

    public static StateChange DeleteSubscription(Subscription subscription) => StateChange.Delete(SubscriptionKind, subscription.Name.FullName);

    public static StateChange PutAckState(long subscriptionId, long floor, IReadOnlyCollection<long> ackedAbove, IReadOnlyCollection<(long Sequence, int Failures)> failedAttempts) =>
        StateChange.Put(AckKind, AckKey(subscriptionId), AckStateCodec.Encode(floor, ackedAbove, failedAttempts));

    public static StateChange DeleteAckState(long subscriptionId) => StateChange.Delete(AckKind, AckKey(subscriptionId));

    /// <summary>The lease deadlines of an exactly-once subscription, written beside its ack state.</summary>
    public static StateChange PutLeaseState(long subscriptionId, IReadOnlyCollection<LeaseDeadline> leases) =>
        StateChange.Put(LeaseKind, AckKey(subscriptionId), LeaseStateCodec.Encode(leases));

    public static StateChange DeleteLeaseState(long subscriptionId) => StateChange.Delete(LeaseKind, AckKey(subscriptionId));

    /// <summary>Everything kept per subscription besides its definition: its ack state, lease deadlines and last activity.</summary>
    public static IEnumerable<StateChange> DeleteSubscriptionState(long subscriptionId) =>
        [DeleteAckState(subscriptionId), DeleteLeaseState(subscriptionId), ActivityDocuments.DeleteLastActive(subscriptionId)];

    /// <summary>The IAM policy of a topic, subscription or schema, keyed by the resource's full name.</summary>
    public static StateChange PutPolicy(string resource, IamPolicy policy) =>
        StateChange.Put(PolicyKind, resource, JsonSerializer.SerializeToUtf8Bytes(new PolicyDocument(FormatVersion, policy)));

    /// <summary>Part of every resource deletion, whether or not a policy was set (deleting nothing is harmless).</summary>
    public static StateChange DeletePolicy(ResourceName resource) => StateChange.Delete(PolicyKind, resource.FullName);

    public static IamPolicy ReadPolicy(StateDocument document)
    {
        var stored = Deserialize<PolicyDocument>(document);
        CheckVersion(document, stored.FormatVersion);
        return stored.Policy ?? throw Corrupt(document);
    }

    public static StateChange PutLastSubscriptionId(long id) =>
        StateChange.Put(MetaKind, LastSubscriptionIdKey, JsonSerializer.SerializeToUtf8Bytes(new LastSubscriptionIdDocument(FormatVersion, id)));

    public static TopicDocument ReadTopic(StateDocument document)
    {
        var stored = Deserialize<TopicDocument>(document);
        CheckVersion(document, stored.FormatVersion);
        return stored;
    }

    /// <summary>Also refuses a filter this build cannot parse, naming the problem, rather than failing later without context.</summary>
    public static SubscriptionDocument ReadSubscription(StateDocument document)
    {
        var stored = Deserialize<SubscriptionDocument>(document);
        CheckVersion(document, stored.FormatVersion);
        var filter = stored.Settings.Filter;
        if (filter.Length > 0 && !MessageFilter.TryParse(filter, out _, out var error))
        {
            throw new InvalidDataException($"The stored {document.Kind} record '{document.Key}' has a filter this Tidings cannot parse: {PubSubErrors.InvalidFilter(error).Message}");
        }
        return stored;
    }

    /// <summary>Version 1 was first written as a bare JSON number; later as an object with its version.</summary>
    public static long ReadLastSubscriptionId(StateDocument document)
    {
        var root = Deserialize<JsonElement>(document);
        if (root.ValueKind == JsonValueKind.Number && root.TryGetInt64(out var bare))
        {
            return bare;
        }
        var stored = root.ValueKind == JsonValueKind.Object ? Deserialize<LastSubscriptionIdDocument>(document) : throw Corrupt(document);
        CheckVersion(document, stored.FormatVersion);
        return stored.Id;
    }

    public static (long SubscriptionId, long Floor, long[] AckedAbove, (long Sequence, int Failures)[] FailedAttempts) ReadAckState(StateDocument document)
    {
        if (!long.TryParse(document.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var subscriptionId))
        {
            throw Corrupt(document);
        }
        var decoded = AckStateCodec.Decode(document.Value);
        if (decoded.Version is not { } version)
        {
            throw Corrupt(document);
        }
        CheckVersion(document, version, AckStateCodec.NewestVersion);
        return (subscriptionId, decoded.Floor, decoded.AckedAbove, decoded.FailedAttempts);
    }

    public static (long SubscriptionId, LeaseDeadline[] Leases) ReadLeaseState(StateDocument document)
    {
        if (!long.TryParse(document.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var subscriptionId))
        {
            throw Corrupt(document);
        }
        var decoded = LeaseStateCodec.Decode(document.Value);
        if (decoded.Version is not { } version)
        {
            throw Corrupt(document);
        }
        CheckVersion(document, version);
        return (subscriptionId, decoded.Leases);
    }

    /// <summary>
    /// Refuses a record written by a newer Tidings rather than misreading it. 0 is a JSON document from before
    /// versions were written, which is version 1.
    /// </summary>
    internal static void CheckVersion(StateDocument document, int version, int newest = FormatVersion)
    {
        if (version < 0)
        {
            throw Corrupt(document);
        }
        if (version > newest)
        {
            throw new InvalidDataException(
                $"The stored {document.Kind} record '{document.Key}' has format version {version}, but this Tidings reads " +
                $"versions up to {newest}: the data directory was written by a newer Tidings. Start that version (or a newer one) on it.");
        }
    }

    private static T Deserialize<T>(StateDocument document)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(document.Value) ?? throw Corrupt(document);
        }
        catch (JsonException exception)
        {
            throw Corrupt(document, exception);
        }
    }

    private static string AckKey(long subscriptionId) => subscriptionId.ToString("D20", CultureInfo.InvariantCulture);

    private static InvalidDataException Corrupt(StateDocument document, Exception? inner = null) =>
        new($"The stored {document.Kind} record '{document.Key}' cannot be read.", inner);
}

/// <param name="FormatVersion">0 when read from a document written before versions were (which is version 1).</param>
internal sealed record TopicDocument(int FormatVersion, long LogId, TopicSettings Settings);

/// <param name="FormatVersion">0 when read from a document written before versions were (which is version 1).</param>
/// <param name="StartSequence">The log's next sequence at creation; 0 (unknown) in records written before it was stored.</param>
internal sealed record SubscriptionDocument(int FormatVersion, long Id, long LogId, bool TopicDeleted, bool Detached, SubscriptionSettings Settings, long StartSequence = 0);

internal sealed record LastSubscriptionIdDocument(int FormatVersion, long Id);

internal sealed record PolicyDocument(int FormatVersion, IamPolicy? Policy);
