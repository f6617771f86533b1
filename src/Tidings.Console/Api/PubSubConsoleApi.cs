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
/// messages, and publishing a test message through the same <see cref="PubSubBroker.PublishAsync"/> as the API. With
/// cells on several nodes a cluster routes a peek to the subscription's cell and a publish to the topic's, and the
/// project's description is gathered here from every node's cells (<see cref="IRemotePubSubDescriptions"/>).
/// </summary>
internal static class PubSubConsoleApi
{
    private const int DefaultPeek = 20;
    private const int PageSize = 1000;

    public static void MapPubSubConsoleApi(this RouteGroupBuilder api)
    {
        api.MapGet("/pubsub", async (HttpContext context, PubSubCells cells, TimeProvider time, string? project) =>
        {
            var id = ConsoleRequests.Require(project, "project");
            // A gathering node's request covers the cells it names; the page's covers this node's and asks the others'.
            var asked = ConsoleCells.Asked(context.Request);
            var remote = asked is null ? ConsoleCells.Remote(context) : IRemotePubSubDescriptions.None;
            var elsewhere = remote.Elsewhere;
            IReadOnlyList<int> mine = asked ?? [.. cells.Map.All.Except(elsewhere)];
            var description = Describe(cells, mine, time, id);
            if (elsewhere.Count > 0)
            {
                description = description.With(await remote.DescribeAsync(id, elsewhere, context.RequestAborted).ConfigureAwait(false));
            }
            return Results.Json(description);
        });

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
    /// Everything of one project in cells <paramref name="mine"/> (which run here): settings from the resources,
    /// counts from the engines' statistics (cumulative since each engine opened). The page polls this and turns the
    /// counts into rates.
    /// </summary>
    private static PubSubDescription Describe(PubSubCells cells, IReadOnlyList<int> mine, TimeProvider time, string project)
    {
        var projectName = $"projects/{project}";
        var now = time.GetUtcNow();
        var parts = ConsoleCells.Engines(cells, mine).Select(engine => engine.GetStatistics(project)).ToList();
        var statistics = new PubSubStatistics([.. parts.SelectMany(p => p.Topics)], [.. parts.SelectMany(p => p.Subscriptions)]);
        var settings = AllPages(token => cells.ListSubscriptions(projectName, PageSize, token, mine))
            .ToDictionary(subscription => subscription.Name.FullName, subscription => subscription.Settings, StringComparer.Ordinal);
        return PubSubDescription.Of(project, now,
            statistics.Topics.Select(topic => new TopicDescription(topic.Name, topic.MessagesPublished, topic.BytesPublished,
                statistics.Subscriptions.Count(subscription => subscription.Topic == topic.Name), IsDeadLetterTopic: false)),
            statistics.Subscriptions
                .Where(subscription => settings.ContainsKey(subscription.Name))
                .Select(subscription => Subscription(cells, subscription, settings[subscription.Name], now)));
    }

    private static SubscriptionDescription Subscription(PubSubCells cells, SubscriptionStatistics statistics, SubscriptionSettings settings, DateTimeOffset now)
    {
        var push = settings.PushConfig is null ? null : cells.ForSubscription(statistics.Name).GetPushStatus(statistics.Name);
        return new SubscriptionDescription(
            Name: statistics.Name,
            Topic: statistics.Topic,
            Backlog: statistics.BacklogCount,
            OldestUnackedAgeSeconds: statistics.BacklogCount > 0 ? statistics.OldestUnackedMessageAge.TotalSeconds : null,
            Acks: statistics.Acks,
            Nacks: statistics.Nacks,
            Expired: statistics.Expired,
            DeadLettered: statistics.DeadLettered,
            AckDeadlineSeconds: settings.AckDeadlineSeconds,
            Filter: settings.Filter,
            Ordering: settings.EnableMessageOrdering,
            ExactlyOnce: settings.EnableExactlyOnceDelivery,
            DeadLetterTopic: settings.DeadLetterPolicy?.DeadLetterTopic,
            MaxDeliveryAttempts: settings.DeadLetterPolicy?.MaxDeliveryAttempts,
            PushEndpoint: settings.PushConfig?.PushEndpoint,
            Push: settings.PushConfig is null ? null : new PushDescription(
                InFlight: push?.InFlight,
                Window: push?.WindowSize,
                Requests: statistics.PushRequests.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
                BackingOffUntil: statistics.PushBackoffUntil,
                BackoffSeconds: statistics.PushBackoffUntil is { } until ? Math.Max(0, (until - now).TotalSeconds) : 0,
                LastError: statistics.LastPushFailure?.Error,
                LastErrorTime: statistics.LastPushFailure?.Time));
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
