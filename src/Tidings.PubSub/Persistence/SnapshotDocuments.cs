using System.Text.Json;
using Tidings.PubSub.Snapshots;
using Tidings.Storage.State;

namespace Tidings.PubSub.Persistence;

/// <summary>The <c>pubsub.snapshot</c> records: one JSON document per snapshot (layout in FORMAT.md).</summary>
internal static class SnapshotDocuments
{
    public const string SnapshotKind = "pubsub.snapshot";

    public static StateChange Put(SubscriptionSnapshot snapshot) =>
        StateChange.Put(SnapshotKind, snapshot.Name.FullName, JsonSerializer.SerializeToUtf8Bytes(new SnapshotDocument(
            PubSubDocuments.FormatVersion,
            snapshot.LogId,
            snapshot.TopicName,
            Topics.PublishTimeIndex.ToMicros(snapshot.ExpireTime),
            Topics.PublishTimeIndex.ToMicros(snapshot.MaxExpireTime),
            snapshot.Labels,
            AckStateCodec.Encode(snapshot.Floor, snapshot.AckedAbove, []))));

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    public static StateChange Delete(SubscriptionSnapshot snapshot) => StateChange.Delete(SnapshotKind, snapshot.Name.FullName);

    /// <summary>The stored snapshot with its decoded ack state; refuses newer versions, naming the record.</summary>
    public static (SnapshotDocument Document, long Floor, long[] AckedAbove) Read(StateDocument document)
    {
        SnapshotDocument stored;
        try
        {
            stored = JsonSerializer.Deserialize<SnapshotDocument>(document.Value) ?? throw Corrupt(document);
        }
        catch (JsonException exception)
        {
            throw Corrupt(document, exception);
        }
        PubSubDocuments.CheckVersion(document, stored.FormatVersion);
        var ackState = AckStateCodec.Decode(stored.AckState ?? []);
        if (ackState.Version is not { } version)
        {
            throw Corrupt(document);
        }
        PubSubDocuments.CheckVersion(document, version, AckStateCodec.NewestVersion);
        return (stored, ackState.Floor, ackState.AckedAbove);
    }

    private static InvalidDataException Corrupt(StateDocument document, Exception? inner = null) =>
        new($"The stored {document.Kind} record '{document.Key}' cannot be read.", inner);
}

/// <param name="ExpireTimeMicros">Unix microseconds (UTC).</param>
/// <param name="MaxExpireTimeMicros">The latest expire time UpdateSnapshot may set, Unix microseconds.</param>
/// <param name="AckState">An ack-state record (<see cref="AckStateCodec"/>), base64 in the JSON.</param>
internal sealed record SnapshotDocument(int FormatVersion, long LogId, string Topic, long ExpireTimeMicros, long MaxExpireTimeMicros, IReadOnlyDictionary<string, string> Labels, byte[] AckState);
