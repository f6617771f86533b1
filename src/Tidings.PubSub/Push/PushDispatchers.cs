using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tidings.Delivery;
using Tidings.PubSub.Subscriptions;

namespace Tidings.PubSub.Push;

/// <summary>
/// Keeps one <see cref="PushDispatcher"/> running for every subscription that has a push config and is current,
/// so switching push ↔ pull takes effect at once: a pull subscription that becomes push starts pushing its
/// backlog, and a push subscription that becomes pull stops (its in-flight pushes are nacked back).
/// </summary>
internal sealed class PushDispatchers(PubSubBroker broker, IHttpDeliverer deliverer, ILogger logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, PushDispatcher> _running = new();

    /// <summary>Starts or stops the subscription's dispatcher to match its settings.</summary>
    public void Sync(Subscription subscription, bool current)
    {
        var wantsPush = current && !subscription.IsDetached && subscription.Settings.PushConfig is not null;
        if (wantsPush)
        {
            _running.GetOrAdd(subscription.Id, _ => new PushDispatcher(broker, subscription, deliverer, logger));
        }
        else if (_running.TryRemove(subscription.Id, out var dispatcher))
        {
            // Stopping waits for in-flight pushes; don't hold the caller (it may hold the registry lock).
            _ = dispatcher.DisposeAsync().AsTask();
        }
    }

    /// <summary>The running dispatcher of a subscription, if any (for tests).</summary>
    public PushDispatcher? Find(long subscriptionId) => _running.GetValueOrDefault(subscriptionId);

    public async ValueTask DisposeAsync()
    {
        foreach (var dispatcher in _running.Values)
        {
            await dispatcher.DisposeAsync().ConfigureAwait(false);
        }
        _running.Clear();
    }
}
