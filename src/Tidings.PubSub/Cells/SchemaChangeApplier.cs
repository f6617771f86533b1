using Tidings.PubSub.Persistence;
using Tidings.Storage.State;

namespace Tidings.PubSub.Cells;

/// <summary>
/// Brings this process's copy of the schemas up to date with a change another node announced
/// (<see cref="ISchemaChangeNotifier"/>): the schema is read again from the state store, or dropped when it is stored
/// no more, and then the topics of this process's cells bound to a dropped schema name <c>_deleted-schema_</c>, as
/// its deletion does on the node that deleted it. Runs under the cells' schema lock, so no schema change of this
/// process interleaves; each cell's topics are rebound under that cell's registry lock.
/// </summary>
public sealed class SchemaChangeApplier(PubSubCells cells, IStateStore state)
{
    /// <summary>Applies a change to the schema <paramref name="schema"/> (a full name).</summary>
    public void Apply(string schema)
    {
        lock (cells.SchemaLock)
        {
            Reload(schema);
            if (cells.Schemas.Find(schema) is null)
            {
                foreach (var engine in cells.Local)
                {
                    engine.UnbindSchemaIfGone(schema);
                }
            }
        }
    }

    /// <summary>
    /// Reads every schema again and rebinds the topics of schemas stored no more: for changes that were announced
    /// while this node was not listening.
    /// </summary>
    public void ApplyAll()
    {
        lock (cells.SchemaLock)
        {
            lock (cells.Schemas.ReloadLock)
            {
                cells.Schemas.Sync(StoredSchemas.LoadAll(state));
            }
            foreach (var engine in cells.Local)
            {
                engine.UnbindMissingSchemas();
            }
        }
    }

    private void Reload(string schema)
    {
        lock (cells.Schemas.ReloadLock)
        {
            var known = cells.Schemas.Find(schema);
            var fresh = StoredSchemas.Reconcile(known, StoredSchemas.Load(state, schema));
            if (fresh is null)
            {
                cells.Schemas.Remove(schema);
            }
            else
            {
                cells.Schemas.Put(fresh);
            }
        }
    }
}
