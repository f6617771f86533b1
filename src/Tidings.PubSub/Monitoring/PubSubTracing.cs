using System.Diagnostics;
using Tidings.PubSub.Consumers;
using Tidings.PubSub.Publishing;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub.Monitoring;

/// <summary>
/// Publish and deliver spans, linked to the trace each message carries: Google's clients with OpenTelemetry
/// tracing on put the W3C <c>traceparent</c> of the message's creation span in the attribute
/// <see cref="TraceParentAttribute"/>. A batch span links to every message's context (OpenTelemetry's messaging
/// conventions for batches), so a consumer's trace leads back to the producer's. Without a listener nothing is
/// allocated: <see cref="ActivitySource.HasListeners"/> is checked first.
/// </summary>
public static class PubSubTracing
{
    public const string SourceName = "Tidings.PubSub";

    /// <summary>The message attribute the official clients propagate the trace context in.</summary>
    public const string TraceParentAttribute = "googclient_traceparent";

    private const string MessagingSystem = "gcp_pubsub";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? StartPublish(Topic topic, IReadOnlyList<PublishMessage> messages)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var links = new List<ActivityLink>();
        foreach (var message in messages)
        {
            AddLink(links, message.Attributes);
        }
        var activity = Source.StartActivity(ActivityKind.Server, links: links, name: $"{topic.Name.Id} publish");
        activity?.SetTag("messaging.system", MessagingSystem)
            .SetTag("messaging.operation.type", "send")
            .SetTag("messaging.destination.name", topic.Name.FullName)
            .SetTag("messaging.batch.message_count", messages.Count);
        return activity;
    }

    internal static Activity? StartDeliver(Subscription subscription, IReadOnlyList<LeasedMessage> batch)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var links = new List<ActivityLink>(batch.Count);
        foreach (var leased in batch)
        {
            AddLink(links, leased.Message.Attributes);
        }
        var activity = Source.StartActivity(ActivityKind.Producer, links: links, name: $"{subscription.Name.Id} deliver");
        activity?.SetTag("messaging.system", MessagingSystem)
            .SetTag("messaging.operation.type", "deliver")
            .SetTag("messaging.destination.subscription.name", subscription.Name.FullName)
            .SetTag("messaging.batch.message_count", batch.Count)
            .SetTag("messaging.gcp_pubsub.push", subscription.Settings.PushConfig is not null);
        return activity;
    }

    private static void AddLink(List<ActivityLink> links, IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        foreach (var (key, value) in attributes)
        {
            if (key == TraceParentAttribute && ActivityContext.TryParse(value, traceState: null, isRemote: true, out var context))
            {
                links.Add(new ActivityLink(context));
                return;
            }
        }
    }
}
