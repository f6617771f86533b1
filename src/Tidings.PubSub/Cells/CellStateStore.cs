using Tidings.Storage.State;

namespace Tidings.PubSub.Cells;

/// <summary>
/// One cell's view of the state store: its Pub/Sub documents are kept under kinds suffixed with the cell
/// (<c>pubsub.topic@3</c>), so each cell's engine recovers, counts and checkpoints only its own topics,
/// subscriptions and snapshots, as if it had a store of its own, while every cell shares one table. A document's
/// kind therefore also says which cell holds it: a subscription's cell is found by its name alone
/// (<see cref="Kind"/>). Schemas, which topics of every cell refer to, are shared: their kind passes through
/// unchanged, as do other services' kinds.
/// </summary>
public sealed class CellStateStore(IStateStore inner, int cell) : IStateStore
{
    private const string PubSubPrefix = "pubsub.";

    public int Cell { get; } = cell;

    /// <summary>Where cell <paramref name="cell"/> keeps documents of <paramref name="kind"/>.</summary>
    public static string Kind(string kind, int cell) =>
        kind.StartsWith(PubSubPrefix, StringComparison.Ordinal) && kind != Persistence.SchemaDocuments.SchemaKind ? $"{kind}@{cell}" : kind;

    public IReadOnlyList<StateDocument> LoadAll(string kind)
    {
        var stored = Kind(kind, Cell);
        var documents = inner.LoadAll(stored);
        return ReferenceEquals(stored, kind) ? documents : [.. documents.Select(d => d with { Kind = kind })];
    }

    public void Apply(IReadOnlyList<StateChange> changes) =>
        inner.Apply([.. changes.Select(change => change with { Kind = Kind(change.Kind, Cell) })]);

    /// <summary>The inner store belongs to the caller: the cells of a process share it.</summary>
    public void Dispose()
    {
    }
}
