using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tidings.PubSub;
using Tidings.PubSub.Inspection;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;

namespace Tidings.WebConsole.Api;

/// <summary>
/// Pub/Sub for the console: a project's topics and subscriptions with their counters, peeking at a subscription's
/// messages, and publishing a test message through the same <see cref="PubSubBroker.PublishAsync"/> as the API.
/// </summary>
internal static class PubSubConsoleApi
{
    private const int DefaultPeek = 20;
    private const int PageSize = 1000;

    public static void MapPubSubConsoleApi(this RouteGroupBuilder api)
    {
        api.MapGet("/pubsub", (PubSubBroker broker, string? project) => Results.Json(Describe(broker, ConsoleRequests.Require(project, "project"))));

        api.MapGet("/pubsub/peek", (PubSubBroker broker, string? subscription, int? max) =>
        {
            var messages = broker.PeekMessages(ConsoleRequests.Require(subscription, "subscription"), max ?? DefaultPeek);
            return Results.Json(new { messages = messages.Select(Peeked) });
        });

        api.MapPost("/pubsub/publish", async (PubSubBroker broker, HttpRequest request) =>
        {
            var body = await ConsoleRequests.ReadAsync<PublishBody>(request).ConfigureAwait(false);
            var message = new PublishMessage(Encoding.UTF8.GetBytes(body.Data ?? ""),
                [.. (body.Attributes ?? []).Select(pair => KeyValuePair.Create(pair.Key, pair.Value))], body.OrderingKey ?? "");
            var size = message.Data.Length + message.Attributes.Sum(pair => pair.Key.Length + pair.Value.Length) + message.OrderingKey.Length;
            var ids = await broker.PublishAsync(ConsoleRequests.Require(body.Topic, "topic"), [message], size,
                request.HttpContext.RequestAborted).ConfigureAwait(false);
            return Results.Json(new { messageIds = ids });
        });
    }

    /// <summary>Everything of one project; the page polls this and turns the cumulative counts into rates.</summary>
    private static object Describe(PubSubBroker broker, string project)
    {
        var projectName = $"projects/{project}";
        var now = broker.Time.GetUtcNow();
        var topics = AllPages(token => broker.ListTopics(projectName, PageSize, token));
        var subscriptions = AllPages(token => broker.ListSubscriptions(projectName, PageSize, token));
        var deadLetterTopics = subscriptions
            .Select(subscription => subscription.Settings.DeadLetterPolicy?.DeadLetterTopic)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return new
        {
            project,
            now,
            topics = topics.Select(topic => Topic(topic, subscriptions, deadLetterTopics)),
            subscriptions = subscriptions.Select(subscription => Subscription(broker, subscription, now)),
        };
    }

    private static object Topic(Topic topic, List<Subscription> subscriptions, HashSet<string> deadLetterTopics) => new
    {
        name = topic.Name.FullName,
        published = PubSubBroker.PublishedCount(topic),
        subscriptions = subscriptions.Count(subscription => subscription.Topic == topic && !subscription.IsDetached),
        retentionSeconds = topic.Settings.MessageRetentionDuration?.TotalSeconds,
        isDeadLetterTopic = deadLetterTopics.Contains(topic.Name.FullName),
    };

    private static object Subscription(PubSubBroker broker, Subscription subscription, DateTimeOffset now)
    {
        var settings = subscription.Settings;
        var backlog = subscription.BacklogCount();
        var oldest = subscription.OldestUnackedPublishTime();
        var push = broker.GetPushStatus(subscription);
        return new
        {
            name = subscription.Name.FullName,
            topic = subscription.TopicNameForDisplay,
            detached = subscription.IsDetached,
            backlog,
            // Messages settled (acked, filtered, expired or dead-lettered) since the topic began: published minus
            // backlog. Its rate is the subscription's ack rate.
            settled = Math.Max(0, PubSubBroker.PublishedCount(subscription.Topic) - backlog),
            oldestUnackedAgeSeconds = oldest is { } time ? Math.Max(0, (now - time).TotalSeconds) : (double?)null,
            ackDeadlineSeconds = settings.AckDeadlineSeconds,
            filter = settings.Filter,
            ordering = settings.EnableMessageOrdering,
            exactlyOnce = settings.EnableExactlyOnceDelivery,
            deadLetterTopic = settings.DeadLetterPolicy?.DeadLetterTopic,
            maxDeliveryAttempts = settings.DeadLetterPolicy?.MaxDeliveryAttempts,
            pushEndpoint = settings.PushConfig?.PushEndpoint,
            push = push is null ? null : new
            {
                inFlight = push.InFlight,
                window = push.WindowSize,
                backingOffUntil = push.BackingOffUntil,
                backoffSeconds = push.BackingOffUntil is { } until ? Math.Max(0, (until - now).TotalSeconds) : 0,
                lastError = push.LastError,
                lastErrorTime = push.LastErrorTime,
            },
        };
    }

    private static object Peeked(PeekedMessage peeked) => new
    {
        messageId = peeked.MessageId,
        text = ConsoleResults.Utf8OrNull(peeked.Message.Data.Span),
        data = Convert.ToBase64String(peeked.Message.Data.Span),
        attributes = peeked.Message.Attributes.ToDictionary(pair => pair.Key, pair => pair.Value),
        orderingKey = peeked.Message.OrderingKey,
        publishTime = DateTimeOffset.UnixEpoch.AddTicks(peeked.Message.PublishTimeUnixMicros * 10),
        state = peeked.State.ToString(),
        deliveryAttempts = peeked.DeliveryAttempts,
    };

    private static List<T> AllPages<T>(Func<string, Tidings.Kernel.Paging.Page<T>> page)
    {
        var all = new List<T>();
        var token = "";
        do
        {
            var next = page(token);
            all.AddRange(next.Items);
            token = next.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    private sealed record PublishBody(string? Topic, string? Data, Dictionary<string, string>? Attributes, string? OrderingKey);
}
