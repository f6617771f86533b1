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

    /// <summary>NOT_FOUND unless <paramref name="topic"/> (a full name) exists, in its cell here or elsewhere.</summary>
    internal void RequireTopic(Names.ResourceName topic)
    {
        var cell = _cells.Map.OfTopic(topic.FullName);
        if (_cells.Find(cell) is { } engine)
        {
            engine.RequireTopic(topic); // read without its registry lock, as a publish would
        }
        else if (!_cells.Elsewhere.TopicExists(topic.FullName, cell))
        {
            throw Errors.PubSubErrors.NotFound(topic.Id);
        }
    }

    /// <summary>Publishes dead letters to a topic of another cell, here or elsewhere.</summary>
    internal async ValueTask PublishDeadLettersAsync(string topic, IReadOnlyList<Publishing.PublishMessage> messages)
    {
        if (_cells.Find(_cells.Map.OfTopic(topic)) is { } engine)
        {
            await engine.PublishDeadLettersAsync(topic, messages).ConfigureAwait(false);
            return;
        }
        await _cells.Elsewhere.PublishDeadLettersAsync(topic, messages).ConfigureAwait(false);
    }

    /// <summary>Holds a subscription's or snapshot's name against creations on other nodes while it is created here.</summary>
    internal IDisposable ClaimName(string name) => _cells.Elsewhere.ClaimName(name);

    /// <summary>Whether another cell, here or elsewhere, holds a subscription named <paramref name="name"/>.</summary>
    internal bool SubscriptionElsewhere(string name) =>
        _cells.Local.Any(engine => engine.Cell != Cell && engine.HasSubscription(name)) || _cells.Elsewhere.SubscriptionExists(name, NotHere());

    /// <summary>Whether another cell, here or elsewhere, holds a snapshot named <paramref name="name"/> (live, if here).</summary>
    internal bool SnapshotElsewhere(string name) =>
        _cells.Local.Any(engine => engine.Cell != Cell && engine.HasSnapshot(name)) || _cells.Elsewhere.SnapshotExists(name, NotHere());

    private List<int> NotHere() => [.. _cells.Map.All.Where(cell => _cells.Find(cell) is null)];
}
