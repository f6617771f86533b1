using Google.Protobuf.WellKnownTypes;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Snapshots;
using ProtoSnapshot = Google.Cloud.PubSub.V1.Snapshot;

namespace Tidings.Api.Modules.PubSub.Mapping;

/// <summary>Snapshots between the engine and Google's <c>Snapshot</c> message.</summary>
internal static class SnapshotMapping
{
    public static ProtoSnapshot ToProto(SubscriptionSnapshot snapshot) => new()
    {
        Name = snapshot.Name.FullName,
        Topic = snapshot.TopicNameForDisplay,
        ExpireTime = Timestamp.FromDateTimeOffset(snapshot.ExpireTime),
        Labels = { new Dictionary<string, string>(snapshot.Labels) },
    };

    /// <summary>The fields an update mask names: <c>labels</c> and <c>expire_time</c>; anything else is refused.</summary>
    public static SnapshotUpdate ToUpdate(ProtoSnapshot requested, IEnumerable<string> paths)
    {
        var update = new SnapshotUpdate(Labels: null, ExpireTime: null);
        foreach (var path in paths)
        {
            update = path switch
            {
                "labels" => update with { Labels = new Dictionary<string, string>(requested.Labels) },
                // An expire_time left out reads as the epoch, which the engine refuses as in the past.
                "expire_time" => update with { ExpireTime = requested.ExpireTime?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch },
                _ => throw PubSubErrors.UnknownUpdateMaskField("UpdateSnapshotRequest", "Snapshot", path),
            };
        }
        return update;
    }
}
