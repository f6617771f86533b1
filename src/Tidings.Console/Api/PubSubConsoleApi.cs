using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tidings.PubSub;
using Tidings.PubSub.Cells;
using Tidings.PubSub.Inspection;
using Tidings.PubSub.Monitoring;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Resources;

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
        api.MapGet("/pubsub", (PubSubCells cells, TimeProvider time, string? project) => Results.Json(Describe(cells, time, ConsoleRequests.Require(project, "project"))));

        api.MapGet("/pubsub/peek", (PubSubCells cells, string? subscription, int? max) =>
        {
            var name = ConsoleRequests.Require(subscription, "subscription");
            var messages = cells.ForSubscription(name).PeekMessages(name, max ?? DefaultPeek);
            return Results.Json(new { messages = messages.Select(Peeked) });
        });

        api.MapPost("/pubsub/publish", async (PubSubCells cells, HttpRequest request) =>
        {
            var body = await ConsoleRequests.ReadAsync<PublishBody>(request).ConfigureAwait(false);
            var message = new PublishMessage(Encoding.UTF8.GetBytes(body.Data ?? ""),
                [.. (body.Attributes ?? []).Select(pair => KeyValuePair.Create(pair.Key, pair.Value))], body.OrderingKey ?? "");
            var size = message.Data.Length + message.Attributes.Sum(pair => pair.Key.Length + pair.Value.Length) + message.OrderingKey.Length;
            var topic = ConsoleRequests.Require(body.Topic, "topic");
            var ids = await cells.ForTopic(topic).PublishAsync(topic, [message], size,
                request.HttpContext.RequestAborted).ConfigureAwait(false);
            return Results.Json(new { messageIds = ids });
        });
    }

    /// <summary>
    /// Everything of one project: settings from the resources, counts from the engine's statistics (cumulative since
    /// the server started). The page polls this and turns the counts into rates.
    /// </summary>
    private static object Describe(PubSubCells cells, TimeProvider time, string project)
    {
        var projectName = $"projects/{project}";
        var now = time.GetUtcNow();
        var parts = cells.Local.Select(engine => engine.GetStatistics(project)).ToList();
        var statistics = new PubSubStatistics([.. parts.SelectMany(p => p.Topics)], [.. parts.SelectMany(p => p.Subscriptions)]);
        var settings = AllPages(token => cells.ListSubscriptions(projectName, PageSize, token))
            .ToDictionary(subscription => subscription.Name.FullName, subscription => subscription.Settings, StringComparer.Ordinal);
        var deadLetterTopics = settings.Values
            .Select(subscription => subscription.DeadLetterPolicy?.DeadLetterTopic)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return new
        {
            project,
            now,
            topics = statistics.Topics.Select(topic => new
            {
                name = topic.Name,
                published = topic.MessagesPublished,
                bytes = topic.BytesPublished,
                subscriptions = statistics.Subscriptions.Count(subscription => subscription.Topic == topic.Name),
                isDeadLetterTopic = deadLetterTopics.Contains(topic.Name),
            }),
            subscriptions = statistics.Subscriptions
                .Where(subscription => settings.ContainsKey(subscription.Name))
                .Select(subscription => Subscription(cells, subscription, settings[subscription.Name], now)),
        };
    }

    private static object Subscription(PubSubCells cells, SubscriptionStatistics statistics, SubscriptionSettings settings, DateTimeOffset now)
    {
        var push = settings.PushConfig is null ? null : cells.ForSubscription(statistics.Name).GetPushStatus(statistics.Name);
        return new
        {
            name = statistics.Name,
            topic = statistics.Topic,
            backlog = statistics.BacklogCount,
            oldestUnackedAgeSeconds = statistics.BacklogCount > 0 ? statistics.OldestUnackedMessageAge.TotalSeconds : (double?)null,
            acks = statistics.Acks,
            nacks = statistics.Nacks,
            expired = statistics.Expired,
            deadLettered = statistics.DeadLettered,
            ackDeadlineSeconds = settings.AckDeadlineSeconds,
            filter = settings.Filter,
            ordering = settings.EnableMessageOrdering,
            exactlyOnce = settings.EnableExactlyOnceDelivery,
            deadLetterTopic = settings.DeadLetterPolicy?.DeadLetterTopic,
            maxDeliveryAttempts = settings.DeadLetterPolicy?.MaxDeliveryAttempts,
            pushEndpoint = settings.PushConfig?.PushEndpoint,
            push = settings.PushConfig is null ? null : new
            {
                inFlight = push?.InFlight,
                window = push?.WindowSize,
                requests = statistics.PushRequests.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
                backingOffUntil = statistics.PushBackoffUntil,
                backoffSeconds = statistics.PushBackoffUntil is { } until ? Math.Max(0, (until - now).TotalSeconds) : 0,
                lastError = statistics.LastPushFailure?.Error,
                lastErrorTime = statistics.LastPushFailure?.Time,
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
