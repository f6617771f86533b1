using Tidings.Storage.Messages;

namespace Tidings.Storage.State;

/// <summary>
/// Small mutable state — resource definitions, ack checkpoints, job definitions — as documents keyed by kind and
/// key. The store knows nothing of their meaning; each service owns its kinds and encodings (and versions them).
/// Meant for thousands of documents that are loaded whole at start-up, not for a service's bulk data (Cloud Tasks'
/// tasks have their own <see cref="Tasks.ITaskStore"/>). Thread-safe. Implementable on any transactional store
/// (SQLite, PostgreSQL: one table keyed by (kind, key)).
/// </summary>
/// <remarks>
/// Failures are typed: <see cref="StorageFullException"/> when there is no room (nothing of the batch was stored;
/// retrying after space is freed works), <see cref="StorageFailedException"/> for any other storage failure
/// (nothing of the batch was stored, or — for a read — nothing was returned).
/// </remarks>
public interface IStateStore : IDisposable
{
    /// <summary>Every document of one kind, in ordinal key order.</summary>
    IReadOnlyList<StateDocument> LoadAll(string kind);

    /// <summary>
    /// Applies the changes in order and atomically: after a crash either all or none are visible. Returns once
    /// they are on stable storage (for a durable store). A put replaces a document with the same kind and key;
    /// deleting a missing document is no error.
    /// </summary>
    void Apply(IReadOnlyList<StateChange> changes);
}
