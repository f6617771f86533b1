using Tidings.PubSub.Names;

namespace Tidings.PubSub.Schemas;

/// <summary>
/// A schema and its revisions, immutable: every change makes a new instance, which the engine swaps in under its
/// registry lock, so publishes read a consistent schema without locking.
/// </summary>
/// <param name="Revisions">Oldest first; never empty.</param>
/// <param name="RetiredRevisions">Sequence numbers of deleted revisions by id, so a topic's revision range that names one keeps its place.</param>
public sealed record RegisteredSchema(ResourceName Name, IReadOnlyList<SchemaRevision> Revisions, IReadOnlyDictionary<string, long> RetiredRevisions)
{
    /// <summary>Google's quota: "A single schema can't have more than 20 revisions."</summary>
    public const int MaxRevisions = 20;

    public SchemaRevision Latest => Revisions[^1];

    public SchemaType Type => Latest.Type;

    public long LastSequence => Math.Max(Latest.Sequence, RetiredRevisions.Count == 0 ? 0 : RetiredRevisions.Values.Max());

    public SchemaRevision? FindRevision(string revisionId) => Revisions.FirstOrDefault(revision => revision.Id == revisionId);

    /// <summary>The creation position of a live or deleted revision, if the schema ever had it.</summary>
    public long? SequenceOf(string revisionId) =>
        FindRevision(revisionId)?.Sequence ?? (RetiredRevisions.TryGetValue(revisionId, out var sequence) ? sequence : null);

    internal bool HasEverUsed(string revisionId) => SequenceOf(revisionId) is not null;
}
