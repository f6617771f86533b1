using Tidings.Storage.State;

namespace Tidings.PubSub.Tests.Support;

/// <summary>A state store that records every batch it was asked to apply, in order, before passing it on.</summary>
internal sealed class RecordingStateStore(IStateStore inner) : IStateStore
{
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<StateChange>> _batches = [];

    /// <summary>The batches so far, oldest first (including one still being applied).</summary>
    public IReadOnlyList<IReadOnlyList<StateChange>> Batches
    {
        get { lock (_lock) { return [.. _batches]; } }
    }

    public IReadOnlyList<StateDocument> LoadAll(string kind) => inner.LoadAll(kind);

    public void Apply(IReadOnlyList<StateChange> changes)
    {
        lock (_lock)
        {
            _batches.Add([.. changes]);
        }
        inner.Apply(changes);
    }

    public void Dispose() => inner.Dispose();
}
