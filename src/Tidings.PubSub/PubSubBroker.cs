using System.Collections.Concurrent;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;
using Tidings.Storage.Messages;

namespace Tidings.PubSub;

/// <summary>
/// The Pub/Sub engine: topics, subscriptions, publishing and delivery. Thread-safe. Resource changes are
/// serialised by one registry lock (they are rare); publishing and delivery take only per-topic and
/// per-subscription locks. Lock order: registry, then subscription, then log.
/// </summary>
public sealed partial class PubSubBroker : IDisposable
{
    private readonly Lock _registryLock = new();
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly IMessageStore _messages;
    private readonly TimeProvider _time;
    private long _lastSubscriptionId;

    public PubSubBroker(IMessageStore messages, TimeProvider time, PubSubOptions options)
    {
        _messages = messages;
        _time = time;
        Options = options;
    }

    public PubSubOptions Options { get; }

    public TimeProvider Time => _time;

    /// <summary>False once the subscription was deleted (a new one may exist under the same name).</summary>
    public bool IsCurrent(Subscription subscription) =>
        _subscriptions.TryGetValue(subscription.Name.FullName, out var current) && current == subscription && !subscription.IsDetached;

    private Topic RequireTopic(ResourceName name) =>
        _topics.TryGetValue(name.FullName, out var topic) ? topic : throw PubSubErrors.NotFound(name.Id);

    private Subscription RequireSubscription(ResourceName name) =>
        _subscriptions.TryGetValue(name.FullName, out var subscription) ? subscription : throw PubSubErrors.NotFound(name.Id);

    public void Dispose()
    {
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Dispose();
        }
    }
}
