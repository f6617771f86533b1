using Google.Protobuf;

namespace Tidings.Cluster;

/// <summary>What a Pub/Sub request is about, which decides the cell that serves it.</summary>
internal enum PubSubTargetKind
{
    /// <summary>A topic's cell: the topic's calls, a subscription's creation (its topic's).</summary>
    Topic,

    /// <summary>The cell holding the subscription (its topic's, found by name).</summary>
    Subscription,

    /// <summary>The cell holding the snapshot (its subscription's topic's, found by name).</summary>
    Snapshot,

    /// <summary>The cell a schema's name hashes to (its changes and IAM policy).</summary>
    Schema,

    /// <summary>A listing of a project's topics, subscriptions or snapshots: every cell's.</summary>
    Listing,

    /// <summary>Any cell answers alike (schemas are shared by the cells of a node): ListSchemas, ValidateSchema, ValidateMessage.</summary>
    AnyCell,
}

/// <summary>A Pub/Sub request's target: its kind and the resource name it carries (empty when it carries none).</summary>
internal readonly record struct PubSubTarget(PubSubTargetKind Kind, string Name)
{
    /// <summary>An IAM call's target, by its resource's collection.</summary>
    public static PubSubTarget OfResource(string resource) => new(resource.Split('/') switch
    {
        ["projects", _, "subscriptions", _] => PubSubTargetKind.Subscription,
        ["projects", _, "snapshots", _] => PubSubTargetKind.Snapshot,
        ["projects", _, "schemas", _] => PubSubTargetKind.Schema,
        _ => PubSubTargetKind.Topic, // a topic, or a name its cell's engine refuses
    }, resource);

    /// <summary>
    /// The target of a gRPC call to <paramref name="path"/> (<c>/google.pubsub.v1.Publisher/Publish</c>) whose first
    /// request message is <paramref name="message"/>, read by field number as Google's protos define them; null for a
    /// method Pub/Sub does not have (its answer, UNIMPLEMENTED, is the same from any node).
    /// </summary>
    public static PubSubTarget? OfGrpc(string path, ReadOnlySpan<byte> message)
    {
        var slash = path.LastIndexOf('/');
        if (slash <= 0)
        {
            return null;
        }
        var (service, method) = (path[1..slash], path[(slash + 1)..]);
        return (service, method) switch
        {
            ("google.pubsub.v1.Publisher", "CreateTopic" or "Publish" or "GetTopic" or "ListTopicSubscriptions" or "ListTopicSnapshots" or "DeleteTopic")
                => new(PubSubTargetKind.Topic, Field(message, 1)),
            ("google.pubsub.v1.Publisher", "UpdateTopic") => new(PubSubTargetKind.Topic, Field(message, 1, 1)),
            ("google.pubsub.v1.Publisher", "DetachSubscription") => new(PubSubTargetKind.Subscription, Field(message, 1)),
            ("google.pubsub.v1.Publisher" or "google.pubsub.v1.Subscriber", "ListTopics" or "ListSubscriptions" or "ListSnapshots")
                => new(PubSubTargetKind.Listing, Field(message, 1)),
            ("google.pubsub.v1.Subscriber", "CreateSubscription") => new(PubSubTargetKind.Topic, Field(message, 2)),
            ("google.pubsub.v1.Subscriber", "UpdateSubscription") => new(PubSubTargetKind.Subscription, Field(message, 1, 1)),
            ("google.pubsub.v1.Subscriber", "GetSubscription" or "DeleteSubscription" or "ModifyAckDeadline" or "Acknowledge" or "Pull"
                or "StreamingPull" or "ModifyPushConfig" or "Seek") => new(PubSubTargetKind.Subscription, Field(message, 1)),
            ("google.pubsub.v1.Subscriber", "CreateSnapshot") => new(PubSubTargetKind.Subscription, Field(message, 2)),
            ("google.pubsub.v1.Subscriber", "GetSnapshot" or "DeleteSnapshot") => new(PubSubTargetKind.Snapshot, Field(message, 1)),
            ("google.pubsub.v1.Subscriber", "UpdateSnapshot") => new(PubSubTargetKind.Snapshot, Field(message, 1, 1)),
            ("google.pubsub.v1.SchemaService", "CreateSchema") => new(PubSubTargetKind.Schema, $"{Field(message, 1)}/schemas/{Field(message, 3)}"),
            ("google.pubsub.v1.SchemaService", "GetSchema" or "ListSchemaRevisions" or "CommitSchema" or "RollbackSchema" or "DeleteSchemaRevision"
                or "DeleteSchema") => new(PubSubTargetKind.Schema, Field(message, 1)),
            ("google.pubsub.v1.SchemaService", _) => new(PubSubTargetKind.AnyCell, ""),
            ("google.iam.v1.IAMPolicy", _) => OfResource(Field(message, 1)),
            _ => null,
        };
    }

    /// <summary>
    /// The target of a REST call: <paramref name="method"/> on <paramref name="path"/>
    /// (<c>/v1/projects/{project}/{collection}[/{id}][:verb][/{collection}]</c>), and for a creation by PUT, the
    /// <paramref name="bodyField"/> it names (a subscription's <c>topic</c>, a snapshot's <c>subscription</c>,
    /// asked for through <see cref="BodyFieldOf"/>); null for a path of no Pub/Sub collection.
    /// </summary>
    public static PubSubTarget? OfRest(string method, string path, string? schemaId, string? bodyField)
    {
        var segments = path.Split('/');
        if (segments.Length < 5 || segments[1] != "v1" || segments[2] != "projects")
        {
            return null;
        }
        var project = segments[3];
        var (collection, collectionVerb) = SplitVerb(segments[4]);
        if (segments.Length == 5)
        {
            return collection switch
            {
                "topics" or "subscriptions" or "snapshots" => new(PubSubTargetKind.Listing, $"projects/{project}"),
                "schemas" when HttpMethodIs(method, "POST") && collectionVerb is null => new(PubSubTargetKind.Schema, $"projects/{project}/schemas/{schemaId}"),
                "schemas" => new(PubSubTargetKind.AnyCell, ""),
                _ => null,
            };
        }
        var (id, _) = SplitVerb(segments[5]);
        var name = $"projects/{project}/{collection}/{id}";
        return collection switch
        {
            "topics" => new(PubSubTargetKind.Topic, name),
            "subscriptions" when HttpMethodIs(method, "PUT") && segments.Length == 6 => new(PubSubTargetKind.Topic, bodyField ?? ""),
            "subscriptions" => new(PubSubTargetKind.Subscription, name),
            "snapshots" when HttpMethodIs(method, "PUT") && segments.Length == 6 => new(PubSubTargetKind.Subscription, bodyField ?? ""),
            "snapshots" => new(PubSubTargetKind.Snapshot, name),
            "schemas" => new(PubSubTargetKind.Schema, name),
            _ => null,
        };
    }

    /// <summary>The body field a REST creation routes by: a subscription's <c>topic</c>, a snapshot's <c>subscription</c>; null for other calls.</summary>
    public static string? BodyFieldOf(string method, string path)
    {
        var segments = path.Split('/');
        return !HttpMethodIs(method, "PUT") || segments.Length != 6 || segments[1] != "v1" || segments[2] != "projects"
            ? null
            : segments[4] switch
            {
                "subscriptions" => "topic",
                "snapshots" => "subscription",
                _ => null,
            };
    }

    private static bool HttpMethodIs(string method, string expected) => string.Equals(method, expected, StringComparison.OrdinalIgnoreCase);

    private static (string Segment, string? Verb) SplitVerb(string segment)
    {
        var colon = segment.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (segment, null) : (segment[..colon], segment[(colon + 1)..]);
    }

    /// <summary>
    /// The string at a path of field numbers (each but the last a nested message), or empty when absent or when the
    /// bytes are not a message: the cell's engine then answers as it would to that request.
    /// </summary>
    private static string Field(ReadOnlySpan<byte> message, params int[] path)
    {
        try
        {
            var bytes = message.ToArray();
            for (var depth = 0; depth < path.Length; depth++)
            {
                var input = new CodedInputStream(bytes);
                ByteString? found = null;
                uint tag;
                while ((tag = input.ReadTag()) != 0)
                {
                    if (WireFormat.GetTagFieldNumber(tag) == path[depth] && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                    {
                        found = input.ReadBytes(); // the last occurrence wins, as for a parsed message
                    }
                    else
                    {
                        input.SkipLastField();
                    }
                }
                if (found is null)
                {
                    return "";
                }
                bytes = found.ToByteArray();
            }
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return "";
        }
    }
}
