using Tidings.PubSub.Schemas;
using Tidings.Storage.State;

namespace Tidings.PubSub.Persistence;

/// <summary>
/// Reads schemas back from the state store while the engine runs: with Pub/Sub in cells on several nodes the stored
/// schema documents, which every cell shares, are the truth and each node's <see cref="SchemaRegistry"/> a copy of
/// them. A schema read again keeps the revisions already compiled.
/// </summary>
internal static class StoredSchemas
{
    /// <summary>The stored schema of that full name, or null when none is stored (it was deleted, or never created).</summary>
    public static RegisteredSchema? Load(IStateStore state, string fullName)
    {
        // The store reads whole kinds only; schemas are few, and this runs on a miss or a change, never per message.
        var document = state.LoadAll(SchemaDocuments.SchemaKind).FirstOrDefault(d => d.Key == fullName);
        return document is null ? null : SchemaDocuments.Read(document);
    }

    /// <summary>Every stored schema, in name order.</summary>
    public static IReadOnlyList<RegisteredSchema> LoadAll(IStateStore state) =>
        [.. state.LoadAll(SchemaDocuments.SchemaKind).Select(SchemaDocuments.Read)];

    /// <summary>
    /// What to keep of <paramref name="loaded"/> given the <paramref name="cached"/> copy: the copy itself when the
    /// schema did not change (the same revisions, the same deleted ones), else the loaded schema with the copy's
    /// revisions where they are the same revision (their compiled validators).
    /// </summary>
    public static RegisteredSchema? Reconcile(RegisteredSchema? cached, RegisteredSchema? loaded)
    {
        if (cached is null || loaded is null)
        {
            return loaded;
        }
        if (cached.Revisions.Select(r => r.Id).SequenceEqual(loaded.Revisions.Select(r => r.Id), StringComparer.Ordinal)
            && cached.RetiredRevisions.Count == loaded.RetiredRevisions.Count
            && cached.RetiredRevisions.Keys.All(loaded.RetiredRevisions.ContainsKey))
        {
            return cached;
        }
        return loaded with
        {
            Revisions = [.. loaded.Revisions.Select(revision => cached.FindRevision(revision.Id) is { } known && known.Definition == revision.Definition ? known : revision)],
        };
    }
}
