namespace Tidings.Storage.State;

/// <summary>
/// Small mutable state — resource definitions, ack checkpoints, tasks, jobs — as documents keyed by kind and key.
/// The store knows nothing of their meaning; each service owns its kinds and encodings. Thread-safe.
/// </summary>
public interface IStateStore : IDisposable
{
    /// <summary>Every document of one kind, in key order.</summary>
    IReadOnlyList<StateDocument> LoadAll(string kind);

    /// <summary>
    /// Applies the changes atomically: after a crash either all or none are visible. Returns once they are on
    /// stable storage (for a durable store).
    /// </summary>
    void Apply(IReadOnlyList<StateChange> changes);
}
