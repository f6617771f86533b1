using Tidings.PubSub.Persistence;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Schemas;

namespace Tidings.PubSub;

/// <summary>
/// With Pub/Sub in cells, schemas are changed by whichever node runs a schema's home cell, while every node's cells
/// validate their topics against its own copy (<see cref="SchemaRegistry"/>), which the other nodes' changes reach by
/// a notification (<see cref="Cells.SchemaChangeApplier"/>), a little later. So that a change is seen at once anyway,
/// the engine reads a schema from the state store again when its copy may be behind: when it knows no schema of that
/// name, and when a message fails to validate against it (a newer revision may accept it; at most once a second per
/// schema while nothing changes, <see cref="RefusalRecheckWindow"/>). Neither happens on the
/// way of a valid publish or of a topic without a schema. With one cell the engine's schemas are the only ones, and
/// nothing is read again.
/// </summary>
public sealed partial class PubSubBroker
{
    /// <summary>Whether other nodes may change the schemas this engine validates against (Pub/Sub in cells).</summary>
    private bool SchemasShared => _cellLinks is not null;

    /// <summary>The schema of that full name, read from the store when this process knows none and cells share schemas.</summary>
    private RegisteredSchema? FindSchema(string fullName)
    {
        var known = _schemas.Find(fullName);
        return known is not null || !SchemasShared ? known : ReloadSchema(fullName, known);
    }

    /// <summary>
    /// The schema as stored now (null once deleted), in place of <paramref name="known"/>, the copy the caller
    /// used; <paramref name="known"/> itself with one cell, or when the schema did not change. Takes the reload lock.
    /// </summary>
    private RegisteredSchema? ReloadSchema(string fullName, RegisteredSchema? known)
    {
        if (!SchemasShared)
        {
            return known;
        }
        lock (_schemas.ReloadLock)
        {
            var current = _schemas.Find(fullName);
            if (!ReferenceEquals(current, known))
            {
                return current; // reloaded or changed since the caller looked
            }
            var fresh = StoredSchemas.Reconcile(known, StoredSchemas.Load(_state, fullName));
            return _schemas.TryReplace(fullName, known, fresh) ? fresh : _schemas.Find(fullName);
        }
    }

    /// <summary>
    /// How long a schema read again for a refused publish and found unchanged is not read again for another: a flood
    /// of invalid messages reads the store once per window, not once per message. A change made on another node in
    /// the window still shows as soon as its notification arrives (milliseconds), which replaces the copy.
    /// </summary>
    internal static readonly TimeSpan RefusalRecheckWindow = TimeSpan.FromSeconds(1);

    /// <summary>The schema a publish failed to validate against, read again unless that was done for this copy within <see cref="RefusalRecheckWindow"/>.</summary>
    private RegisteredSchema? RecheckRefusingSchema(RegisteredSchema known)
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (_schemas.FoundUnchangedSince(known, now - RefusalRecheckWindow.Ticks))
        {
            return known;
        }
        var fresh = ReloadSchema(known.Name.FullName, known);
        if (ReferenceEquals(fresh, known))
        {
            _schemas.NoteFoundUnchanged(known, now);
        }
        return fresh;
    }

    /// <summary>With cells, reads the schema again from the store (another node may have changed it); nothing with one engine.</summary>
    public void RefreshSchema(string fullName) => ReloadSchema(fullName, _schemas.Find(fullName));

    /// <summary>
    /// Rebinds this engine's topics bound to <paramref name="schema"/> to <c>_deleted-schema_</c>, as its deletion on
    /// another node does here, unless the schema exists (again) in this process. Schema lock held by the caller.
    /// </summary>
    internal void UnbindSchemaIfGone(string schema)
    {
        lock (_registryLock)
        {
            if (_schemas.Find(schema) is null)
            {
                UnbindSchema(schema, []);
            }
        }
    }

    /// <summary>
    /// Rebinds every topic of this engine whose schema is stored no more to <c>_deleted-schema_</c>: the schema was
    /// deleted while this cell ran nowhere, or while this node heard no notification. Pub/Sub in cells only.
    /// </summary>
    internal void UnbindMissingSchemas()
    {
        lock (_registryLock)
        {
            var missing = _topics.Values
                .Select(topic => topic.Settings.SchemaSettings?.Schema)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Where(schema => schema != TopicSchemaSettings.DeletedSchema && FindSchema(schema) is null)
                .ToList();
            foreach (var schema in missing)
            {
                UnbindSchema(schema, []);
            }
        }
    }

    /// <summary>Tells the other nodes that a schema changed; the change is stored. Schema lock held.</summary>
    private void AnnounceSchemaChange(string schema) => _cellLinks?.SchemaChanges.SchemaChanged(schema);
}
