using Tidings.Kernel.Errors;
using Tidings.Kernel.Paging;
using Tidings.PubSub.Inspection;
using Tidings.PubSub.Monitoring;
using Tidings.PubSub.Schemas;
using Tidings.PubSub.Snapshots;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Topics;

namespace Tidings.PubSub.Cells;

/// <summary>
/// The Pub/Sub engines this process runs, one per cell it serves (<see cref="PubSubCellMap"/>): the embedded server
/// and a cluster without cells run one, cell 0, for every resource. Requests reach an engine through here: a topic's
/// calls go to its cell, a subscription's and a snapshot's to the cell that holds it (its topic's), a schema's to
/// the cell its name hashes to; listings merge every cell's. The cells of one process share their schemas
/// (<see cref="Schemas"/>), which topics of any cell refer to. A cell is <see cref="Open"/>ed by its start-up, once
/// its engine recovered; a call for a cell this process does not serve fails UNAVAILABLE (in a cluster such calls
/// are forwarded before they get here). Thread-safe.
/// </summary>
public sealed class PubSubCells
{
    private readonly PubSubBroker?[] _engines;

    public PubSubCells(PubSubCellMap map)
    {
        Map = map;
        _engines = new PubSubBroker?[map.Count];
    }

    public PubSubCellMap Map { get; }

    /// <summary>The schemas every cell's engine of this process sees.</summary>
    internal SchemaRegistry Schemas { get; } = new();

    /// <summary>Serialises schema changes across the cells (taken before any engine's registry lock).</summary>
    internal Lock SchemaLock { get; } = new();

    /// <summary>Serialises the creation of subscriptions and snapshots, whose names are unique across cells (taken before any registry lock).</summary>
    internal Lock NamesLock { get; } = new();

    /// <summary>Tells the other nodes of this process's schema changes (a cluster's; none by default).</summary>
    public ISchemaChangeNotifier SchemaChanges { get; init; } = ISchemaChangeNotifier.None;

    /// <summary>The cells that run on other nodes (a cluster sets it before any cell opens).</summary>
    public ICellsElsewhere Elsewhere { get; set; } = ICellsElsewhere.None;

    /// <summary>Whether Pub/Sub is one engine (no links between cells needed).</summary>
    public bool IsSingle => Map.Count == 1;

    /// <summary>The engines open in this process, in cell order.</summary>
    public IReadOnlyList<PubSubBroker> Local => [.. _engines.OfType<PubSubBroker>()];

    /// <summary>What cell <paramref name="cell"/>'s engine needs of the others; null with one cell.</summary>
    public PubSubCellLinks? LinksFor(int cell) => IsSingle ? null : new PubSubCellLinks(this, cell);

    /// <summary>Serves cell <paramref name="cell"/> with <paramref name="engine"/> from now on.</summary>
    public void Open(int cell, PubSubBroker engine) => Volatile.Write(ref _engines[cell], engine);

    /// <summary>Stops serving cell <paramref name="cell"/> (its engine is being disposed).</summary>
    public void Close(int cell) => Volatile.Write(ref _engines[cell], null);

    /// <summary>The engine of cell <paramref name="cell"/>, or null when this process does not serve it.</summary>
    public PubSubBroker? Find(int cell) => Volatile.Read(ref _engines[cell]);

    /// <summary>The engine of the topic's cell.</summary>
    public PubSubBroker ForTopic(string topic) => Require(Map.OfTopic(topic));

    /// <summary>The engine of the cell holding the subscription, or (when none does) one that answers NOT_FOUND.</summary>
    public PubSubBroker ForSubscription(string subscription) =>
        IsSingle ? Require(0) : FindLocal(engine => engine.HasSubscription(subscription)) ?? Any();

    /// <summary>The engine of the cell holding the snapshot, or (when none does) one that answers NOT_FOUND.</summary>
    public PubSubBroker ForSnapshot(string snapshot) =>
        IsSingle ? Require(0) : FindLocal(engine => engine.HasSnapshot(snapshot)) ?? Any();

    /// <summary>
    /// The engine that changes the schema and keeps its IAM policy: the cell its name (without an <c>@revision</c>)
    /// hashes to.
    /// </summary>
    public PubSubBroker ForSchema(string schema)
    {
        var at = schema.IndexOf('@', StringComparison.Ordinal);
        return Require(Map.OfTopic(at < 0 ? schema : schema[..at]));
    }

    /// <summary>The engine of the resource an IAM call names (a topic, subscription, snapshot or schema).</summary>
    public PubSubBroker ForResource(string resource) => resource.Split('/') switch
    {
        ["projects", _, "subscriptions", _] => ForSubscription(resource),
        ["projects", _, "snapshots", _] => ForSnapshot(resource),
        _ => ForTopic(resource), // a topic, a schema (hashed alike), or a name the engine refuses
    };

    /// <summary>Topics of a project in name order, from every cell (or those of <paramref name="only"/>, all of which must run here).</summary>
    public Page<Topic> ListTopics(string project, int pageSize, string pageToken, IReadOnlyCollection<int>? only = null) => IsSingle
        ? Require(0).ListTopics(project, pageSize, pageToken)
        : Merge(engine => engine.TopicsOf(project), topic => topic.Name.FullName, pageSize, pageToken, only);

    /// <summary>Subscriptions of a project in name order, from every cell (or those of <paramref name="only"/>).</summary>
    public Page<Subscription> ListSubscriptions(string project, int pageSize, string pageToken, IReadOnlyCollection<int>? only = null) => IsSingle
        ? Require(0).ListSubscriptions(project, pageSize, pageToken)
        : Merge(engine => engine.SubscriptionsOf(project), subscription => subscription.Name.FullName, pageSize, pageToken, only);

    /// <summary>Live snapshots of a project in name order, from every cell (or those of <paramref name="only"/>).</summary>
    public Page<SubscriptionSnapshot> ListSnapshots(string project, int pageSize, string pageToken, IReadOnlyCollection<int>? only = null) => IsSingle
        ? Require(0).ListSnapshots(project, pageSize, pageToken)
        : Merge(engine => engine.SnapshotsOf(project), snapshot => snapshot.Name.FullName, pageSize, pageToken, only);

    /// <summary>The size of a listing's page that asks for <paramref name="pageSize"/> (Pub/Sub's default and cap).</summary>
    public static int PageSize(int pageSize) => pageSize == 0 ? PubSubPaging.DefaultPageSize : Math.Min(pageSize, PubSubPaging.MaxPageSize);

    /// <summary>Schemas of a project (shared by the cells, so any engine lists them all).</summary>
    public Page<RegisteredSchema> ListSchemas(string parent, int pageSize, string pageToken) =>
        Any().ListSchemas(parent, pageSize, pageToken);

    /// <summary>Every project that has a topic or a subscription in a cell of this process, in order.</summary>
    public IReadOnlyList<string> ListProjects() =>
        [.. Local.SelectMany(engine => engine.ListProjects()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The figures of every cell of this process.</summary>
    public PubSubStatistics GetStatistics()
    {
        var parts = Local.Select(engine => engine.GetStatistics()).ToList();
        return parts.Count == 1 ? parts[0] : new PubSubStatistics([.. parts.SelectMany(p => p.Topics)], [.. parts.SelectMany(p => p.Subscriptions)]);
    }

    /// <summary>Some engine of this process, for calls that any answers alike.</summary>
    public PubSubBroker Any() => FindLocal(_ => true) ?? throw NotServed();

    /// <summary>
    /// The first engine of this process, in cell order, that <paramref name="match"/> accepts; null when none does.
    /// Allocates nothing: it runs for every call naming a subscription.
    /// </summary>
    public PubSubBroker? FindLocal(Func<PubSubBroker, bool> match)
    {
        for (var cell = 0; cell < _engines.Length; cell++)
        {
            if (Find(cell) is { } engine && match(engine))
            {
                return engine;
            }
        }
        return null;
    }

    private PubSubBroker Require(int cell) => Find(cell) ?? throw NotServed();

    private Page<T> Merge<T>(Func<PubSubBroker, IEnumerable<T>> items, Func<T, string> key, int pageSize, string pageToken, IReadOnlyCollection<int>? only)
    {
        var engines = (only ?? [.. Map.All]).Select(cell => cell >= 0 && cell < Map.Count ? Require(cell) : throw NotServed()).ToList();
        return PubSubPaging.Of(engines.SelectMany(items), key, pageSize, pageToken);
    }

    /// <summary>UNAVAILABLE, which clients retry: the cell a call needs does not run in this process now.</summary>
    internal static TidingsException NotServed() =>
        new(ErrorCode.Unavailable, "This server does not run that part of Pub/Sub at the moment; retry.");
}
