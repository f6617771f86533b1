using System.Text.Json;
using Tidings.Kernel.Errors;

namespace Tidings.WebConsole.Api;

/// <summary>
/// <c>GET /console/api/pubsub</c>'s answer: one project's topics and subscriptions with their counters, in name order.
/// Parts described by different nodes (each for the cells it runs) merge into what one engine would answer: a
/// subscription is counted with its topic, which lives in the same cell, but a dead-letter topic may be named by a
/// subscription of another cell, so that flag is set once every part is in.
/// </summary>
internal sealed record PubSubDescription(string Project, DateTimeOffset Now, IReadOnlyList<TopicDescription> Topics, IReadOnlyList<SubscriptionDescription> Subscriptions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A description of these topics and subscriptions, sorted by name, dead-letter topics marked.</summary>
    public static PubSubDescription Of(string project, DateTimeOffset now, IEnumerable<TopicDescription> topics, IEnumerable<SubscriptionDescription> subscriptions)
    {
        var sortedSubscriptions = subscriptions.OrderBy(subscription => subscription.Name, StringComparer.Ordinal).ToList();
        var deadLetterTopics = sortedSubscriptions.Select(subscription => subscription.DeadLetterTopic).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new PubSubDescription(project, now,
            [.. topics.OrderBy(topic => topic.Name, StringComparer.Ordinal).Select(topic => topic with { IsDeadLetterTopic = deadLetterTopics.Contains(topic.Name) })],
            sortedSubscriptions);
    }

    /// <summary>This description with the parts other nodes answered (their JSON), at this node's clock.</summary>
    public PubSubDescription With(IEnumerable<JsonElement> parts)
    {
        var others = parts.Select(Read).ToList();
        return Of(Project, Now, Topics.Concat(others.SelectMany(other => other.Topics)), Subscriptions.Concat(others.SelectMany(other => other.Subscriptions)));
    }

    // Not a JsonException: the console answers those as the page's own malformed body.
    private static PubSubDescription Read(JsonElement part)
    {
        try
        {
            return part.Deserialize<PubSubDescription>(Json) ?? throw new JsonException("null");
        }
        catch (JsonException exception)
        {
            throw new TidingsException(ErrorCode.Internal, $"Another node answered a Pub/Sub description this one cannot read: {exception.Message}");
        }
    }
}

/// <summary>A topic: what it published since its engine opened, and how many subscriptions it has.</summary>
internal sealed record TopicDescription(string Name, long Published, long Bytes, int Subscriptions, bool IsDeadLetterTopic);

/// <summary>A subscription: its backlog and counters since its engine opened, the settings the page shows, its push state.</summary>
internal sealed record SubscriptionDescription(
    string Name,
    string Topic,
    long Backlog,
    double? OldestUnackedAgeSeconds,
    long Acks,
    long Nacks,
    long Expired,
    long DeadLettered,
    int AckDeadlineSeconds,
    string Filter,
    bool Ordering,
    bool ExactlyOnce,
    string? DeadLetterTopic,
    int? MaxDeliveryAttempts,
    string? PushEndpoint,
    PushDescription? Push);

/// <summary>A push subscription's delivery: requests in flight and the window, responses by class, back-off, the last error.</summary>
internal sealed record PushDescription(
    int? InFlight,
    int? Window,
    IReadOnlyDictionary<string, long> Requests,
    DateTimeOffset? BackingOffUntil,
    double BackoffSeconds,
    string? LastError,
    DateTimeOffset? LastErrorTime);
