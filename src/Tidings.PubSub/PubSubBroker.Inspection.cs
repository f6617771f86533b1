using Tidings.PubSub.Errors;
using Tidings.PubSub.Inspection;
using Tidings.PubSub.Names;

namespace Tidings.PubSub;

/// <summary>Read-only views for operators (the web console): nothing here leases, acks or writes.</summary>
public sealed partial class PubSubBroker
{
    /// <summary>The most messages one peek returns.</summary>
    public const int MaxPeekMessages = 100;

    /// <summary>Every project id that has a topic or a subscription, in order.</summary>
    public IReadOnlyList<string> ListProjects() =>
        [.. _topics.Values.Select(topic => topic.Name.Project)
            .Concat(_subscriptions.Values.Select(subscription => subscription.Name.Project))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Up to <paramref name="maxMessages"/> (at most <see cref="MaxPeekMessages"/>) unacknowledged messages of the
    /// subscription, oldest first, without leasing them: they stay deliverable exactly as before.
    /// </summary>
    public IReadOnlyList<PeekedMessage> PeekMessages(string subscription, int maxMessages)
    {
        var target = RequireSubscription(ResourceName.Parse(ResourceKind.Subscription, subscription));
        if (maxMessages <= 0)
        {
            throw PubSubErrors.MaxMessagesTooSmall(maxMessages);
        }
        return target.Peek(Math.Min(maxMessages, MaxPeekMessages));
    }

    /// <summary>The push dispatcher's state, or null when the subscription does not push (or has stopped).</summary>
    public PushStatus? GetPushStatus(string subscription) =>
        _push.Find(RequireSubscription(ResourceName.Parse(ResourceKind.Subscription, subscription)).Id) is { } dispatcher
            ? dispatcher.Status()
            : null;
}
