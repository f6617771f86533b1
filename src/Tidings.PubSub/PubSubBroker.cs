using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tidings.Delivery;
using Tidings.PubSub.Cells;
using Tidings.PubSub.DeadLetters;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Push;
using Tidings.PubSub.Schemas;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;
using Tidings.Storage.Messages;
using Tidings.Storage.State;

namespace Tidings.PubSub;

/// <summary>
/// The Pub/Sub engine: topics, subscriptions, publishing and delivery. Thread-safe. Resource changes are
/// serialised by one registry lock (they are rare) and written to the state store before they take effect;
/// publishing and delivery take only per-topic and per-subscription locks, and the ack checkpointer its own.
/// Lock order: registry, then checkpointer gate, then subscription, then log.
/// </summary>
public sealed partial class PubSubBroker : IDisposable
{
    private readonly Lock _registryLock = new();
    private readonly Lock _namesLock = new();
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly IMessageStore _messages;
    private readonly IStateStore _state;
    private readonly TimeProvider _time;
    private readonly AckCheckpointer _checkpointer;
    private readonly PushDispatchers _push;
    private readonly DeadLetterForwarder _deadLetterForwarder;
    private readonly ILogger _logger;
    private readonly PubSubCellLinks? _cellLinks;
    private long _lastSubscriptionId;
    private volatile bool _stopping;

    /// <summary>Opens the engine over its stores, recovering every topic and subscription they hold.</summary>
    /// <param name="deliverer">Sends push requests for subscriptions with a push config.</param>
    /// <param name="cellLinks">The other cells of the process when Pub/Sub is split into cells (<see cref="PubSubCells"/>); null for one engine.</param>
    public PubSubBroker(IMessageStore messages, IStateStore state, IHttpDeliverer deliverer, TimeProvider time, PubSubOptions options,
        ILogger<PubSubBroker>? logger = null, PubSubCellLinks? cellLinks = null)
    {
        _cellLinks = cellLinks;
        _schemas = cellLinks?.Schemas ?? new SchemaRegistry();
        _messages = messages;
        _state = state;
        _time = time;
        Options = options;
        var log = (ILogger?)logger ?? NullLogger.Instance;
        _logger = log;
        _deadLetterForwarder = new DeadLetterForwarder(this, log);
        var orphanedAckStates = Recover();
        _checkpointer = new AckCheckpointer(state, time, options.AckCheckpointInterval, log);
        _checkpointer.DeleteOrphans(orphanedAckStates);
        _push = new PushDispatchers(this, deliverer, log);
        foreach (var subscription in _subscriptions.Values)
        {
            _checkpointer.Track(subscription);
            _push.Sync(subscription, current: true);
        }
        SweepRetentionSafely(); // the exact retention holds, before anything truncates
        StartExpirySweeper();
    }

    public PubSubOptions Options { get; }

    public TimeProvider Time => _time;

    /// <summary>The cell this engine serves (0 when Pub/Sub is one engine).</summary>
    public int Cell => _cellLinks?.Cell ?? 0;

    public int TopicCount => _topics.Count;

    public int SubscriptionCount => _subscriptions.Count;

    /// <summary>False once the subscription was deleted or detached (a new one may exist under the same name).</summary>
    public bool IsCurrent(Subscription subscription) =>
        _subscriptions.TryGetValue(subscription.Name.FullName, out var current) && current == subscription && !subscription.IsDetached;

    /// <summary>True once <see cref="StopDelivering"/> was called.</summary>
    public bool IsStopping => _stopping;

    /// <summary>
    /// Ends every delivery loop at its next turn (streams recycled with UNAVAILABLE, a waiting Pull answered with what
    /// it has, push dispatchers idle) ahead of <see cref="Dispose"/>, when the cell moves to another node: what is
    /// leased stays leased until the engine closes, and is delivered again by the engine that opens next.
    /// </summary>
    public void StopDelivering()
    {
        _stopping = true;
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.NotifyMessagesAvailable();
        }
    }

    /// <summary>Saves every subscription's ack state now (also done on an interval and at disposal).</summary>
    public void CheckpointAcks() => _checkpointer.Checkpoint();

    /// <summary>Serialises the creation of subscriptions and snapshots, whose names are unique across cells too.</summary>
    private Lock NamesLock => _cellLinks?.NamesLock ?? _namesLock;

    /// <summary>Whether a subscription of that full name exists in this engine.</summary>
    public bool HasSubscription(string name) => _subscriptions.ContainsKey(name);

    /// <summary>Whether a live snapshot of that full name exists in this engine.</summary>
    public bool HasSnapshot(string name) => _snapshots.TryGetValue(name, out var snapshot) && snapshot.ExpireTime > _time.GetUtcNow();

    /// <summary>The topics of a project (any order); invalid project names are refused as a listing would.</summary>
    internal IEnumerable<Topic> TopicsOf(string project) => InProject(_topics, project, ResourceKind.Topic);

    /// <summary>The subscriptions of a project (any order).</summary>
    internal IEnumerable<Subscription> SubscriptionsOf(string project) => InProject(_subscriptions, project, ResourceKind.Subscription);

    /// <summary>The live snapshots of a project (any order).</summary>
    internal IEnumerable<Snapshots.SubscriptionSnapshot> SnapshotsOf(string project)
    {
        var now = _time.GetUtcNow();
        return InProject(_snapshots, project, ResourceKind.Snapshot).Where(snapshot => snapshot.ExpireTime > now);
    }

    private static IEnumerable<T> InProject<T>(ConcurrentDictionary<string, T> resources, string project, ResourceKind kind)
    {
        var prefix = $"projects/{ResourceName.ParseProject(project)}/{kind.Collection}/";
        return [.. resources.Where(entry => entry.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(entry => entry.Value)];
    }

    internal Topic RequireTopic(ResourceName name) =>
        _topics.TryGetValue(name.FullName, out var topic) ? topic : throw PubSubErrors.NotFound(name.Id);

    private Subscription RequireSubscription(ResourceName name) =>
        _subscriptions.TryGetValue(name.FullName, out var subscription) ? subscription : throw PubSubErrors.NotFound(name.Id);

    /// <summary>The running push dispatcher of a subscription, if any (for tests).</summary>
    internal PushDispatcher? FindPushDispatcher(Subscription subscription) => _push.Find(subscription.Id);

    public void Dispose()
    {
        _push.DisposeAsync().AsTask().GetAwaiter().GetResult();
        StopExpirySweeper();
        _deadLetterForwarder.Dispose(); // before the last checkpoint, which then records the forwarded messages as done
        _checkpointer.Dispose();
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Dispose();
        }
    }
}
