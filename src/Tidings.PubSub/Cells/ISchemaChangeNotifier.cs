namespace Tidings.PubSub.Cells;

/// <summary>
/// Tells the other nodes of a cluster that a schema changed, so they reload it (<see cref="SchemaChangeApplier"/>):
/// with Pub/Sub in cells every node keeps its own copy of the schemas that its cells' topics validate against. The
/// engine calls it after the change is stored, under the schema lock, so changes are announced in the order they were
/// made. The cluster implements it over PostgreSQL; without one (<see cref="None"/>) nothing is announced.
/// </summary>
public interface ISchemaChangeNotifier
{
    /// <summary>Announces nothing: one engine, or cells that all run in this process.</summary>
    static ISchemaChangeNotifier None { get; } = new Silent();

    /// <summary>
    /// Announces that the schema <paramref name="schema"/> (a full name) was created, got or lost a revision, or was
    /// deleted. Must not throw: the change is stored already, and the other nodes also reload a schema they miss.
    /// </summary>
    void SchemaChanged(string schema);

    private sealed class Silent : ISchemaChangeNotifier
    {
        public void SchemaChanged(string schema)
        {
        }
    }
}
