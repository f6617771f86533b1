using Tidings.PubSub.Schemas;

namespace Tidings.PubSub.Cells;

/// <summary>
/// What one cell's engine needs of the other cells of its process: the shared schemas and their lock, the lock under
/// which subscription and snapshot names are checked across cells, and the engines of topics in other cells (a
/// dead-letter topic may live in any).
/// </summary>
public sealed class PubSubCellLinks
{
    private readonly PubSubCells _cells;

    internal PubSubCellLinks(PubSubCells cells, int cell)
    {
        _cells = cells;
        Cell = cell;
    }

    public int Cell { get; }

    internal SchemaRegistry Schemas => _cells.Schemas;

    internal Lock SchemaLock => _cells.SchemaLock;

    internal Lock NamesLock => _cells.NamesLock;

    /// <summary>Announces this process's schema changes to the other nodes.</summary>
    internal ISchemaChangeNotifier SchemaChanges => _cells.SchemaChanges;

    /// <summary>The engines open in this process, in cell order.</summary>
    internal IReadOnlyList<PubSubBroker> Local => _cells.Local;

    /// <summary>Whether <paramref name="topic"/> (a full name) lives in this cell.</summary>
    internal bool IsOwn(string topic) => _cells.Map.OfTopic(topic) == Cell;

    /// <summary>The engine of another cell's topic.</summary>
    internal PubSubBroker EngineOf(string topic) => _cells.ForTopic(topic);

    /// <summary>The engines of every other cell, in cell order (all must be open: a schema's deletion reaches every topic).</summary>
    internal IReadOnlyList<PubSubBroker> Others()
    {
        var others = new List<PubSubBroker>();
        foreach (var cell in _cells.Map.All.Where(c => c != Cell))
        {
            others.Add(_cells.Find(cell) ?? throw new Kernel.Errors.TidingsException(Kernel.Errors.ErrorCode.Unavailable,
                "This server does not run every part of Pub/Sub at the moment; retry."));
        }
        return others;
    }

    /// <summary>Whether another cell holds a subscription named <paramref name="name"/>.</summary>
    internal bool SubscriptionElsewhere(string name) => _cells.Local.Any(engine => engine.Cell != Cell && engine.HasSubscription(name));

    /// <summary>Whether another cell holds a live snapshot named <paramref name="name"/>.</summary>
    internal bool SnapshotElsewhere(string name) => _cells.Local.Any(engine => engine.Cell != Cell && engine.HasSnapshot(name));
}
