using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;
using Tidings.Storage.State;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// How Pub/Sub state is kept in the state store. Kinds and encodings:
/// <list type="bullet">
/// <item><c>pubsub.topic</c>, key = full topic name: JSON <see cref="TopicDocument"/>.</item>
/// <item><c>pubsub.subscription</c>, key = full subscription name: JSON <see cref="SubscriptionDocument"/>.</item>
/// <item><c>pubsub.ack</c>, key = subscription id (20 digits): binary, little-endian: i64 floor, i32 count,
/// count × i64 sequences acked above the floor.</item>
/// <item><c>pubsub.meta</c>, key <c>last-subscription-id</c>: the decimal id, so ids are never reused.</item>
/// </list>
/// </summary>
internal static class PubSubDocuments
{
    public const string TopicKind = "pubsub.topic";
    public const string SubscriptionKind = "pubsub.subscription";
    public const string AckKind = "pubsub.ack";
    public const string MetaKind = "pubsub.meta";
    public const string LastSubscriptionIdKey = "last-subscription-id";

    public static StateChange PutTopic(Topic topic) =>
        StateChange.Put(TopicKind, topic.Name.FullName, JsonSerializer.SerializeToUtf8Bytes(new TopicDocument(topic.Log.LogId, topic.Settings)));

    public static StateChange PutTopic(Topic topic, TopicSettings settings) =>
        StateChange.Put(TopicKind, topic.Name.FullName, JsonSerializer.SerializeToUtf8Bytes(new TopicDocument(topic.Log.LogId, settings)));

    public static StateChange DeleteTopic(Topic topic) => StateChange.Delete(TopicKind, topic.Name.FullName);

    public static StateChange PutSubscription(Subscription subscription, SubscriptionSettings settings, bool topicDeleted, bool detached) =>
        StateChange.Put(SubscriptionKind, subscription.Name.FullName, JsonSerializer.SerializeToUtf8Bytes(
            new SubscriptionDocument(subscription.Id, subscription.Topic.Log.LogId, topicDeleted, detached, settings)));

    public static StateChange DeleteSubscription(Subscription subscription) => StateChange.Delete(SubscriptionKind, subscription.Name.FullName);

    public static StateChange PutAckState(long subscriptionId, long floor, IReadOnlyCollection<long> ackedAbove)
    {
        var value = new byte[12 + (8 * ackedAbove.Count)];
        BinaryPrimitives.WriteInt64LittleEndian(value, floor);
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(8), ackedAbove.Count);
        var offset = 12;
        foreach (var sequence in ackedAbove)
        {
            BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(offset), sequence);
            offset += 8;
        }
        return StateChange.Put(AckKind, AckKey(subscriptionId), value);
    }

    public static StateChange DeleteAckState(long subscriptionId) => StateChange.Delete(AckKind, AckKey(subscriptionId));

    public static StateChange PutLastSubscriptionId(long id) =>
        StateChange.Put(MetaKind, LastSubscriptionIdKey, JsonSerializer.SerializeToUtf8Bytes(id));

    public static TopicDocument ReadTopic(StateDocument document) =>
        JsonSerializer.Deserialize<TopicDocument>(document.Value) ?? throw Corrupt(document);

    public static SubscriptionDocument ReadSubscription(StateDocument document) =>
        JsonSerializer.Deserialize<SubscriptionDocument>(document.Value) ?? throw Corrupt(document);

    public static long ReadLastSubscriptionId(StateDocument document) => JsonSerializer.Deserialize<long>(document.Value);

    public static (long SubscriptionId, long Floor, long[] AckedAbove) ReadAckState(StateDocument document)
    {
        var value = document.Value.AsSpan();
        if (value.Length < 12)
        {
            throw Corrupt(document);
        }
        var floor = BinaryPrimitives.ReadInt64LittleEndian(value);
        var count = BinaryPrimitives.ReadInt32LittleEndian(value[8..]);
        if (count < 0 || value.Length != 12 + (8L * count))
        {
            throw Corrupt(document);
        }
        var acked = new long[count];
        for (var i = 0; i < count; i++)
        {
            acked[i] = BinaryPrimitives.ReadInt64LittleEndian(value[(12 + (8 * i))..]);
        }
        return (long.Parse(document.Key, CultureInfo.InvariantCulture), floor, acked);
    }

    private static string AckKey(long subscriptionId) => subscriptionId.ToString("D20", CultureInfo.InvariantCulture);

    private static InvalidDataException Corrupt(StateDocument document) =>
        new($"The stored {document.Kind} document '{document.Key}' cannot be read.");
}

internal sealed record TopicDocument(long LogId, TopicSettings Settings);

internal sealed record SubscriptionDocument(long Id, long LogId, bool TopicDeleted, bool Detached, SubscriptionSettings Settings);
